package io.seckill.user.api.userclient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.seckill.kernel.error.ApiException;
import io.seckill.user.api.UserApiProblem;
import io.seckill.user.contract.v1.UserServiceGrpc;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A user-service that accepts connections and never answers (hung process, full accept queue): calls end at
 * their deadline as 503s, and once the breaker opens they fail at once without waiting.
 */
class UserServiceClientDeadlineTest {

    private final List<Socket> held = new CopyOnWriteArrayList<>();
    private ServerSocket blackHole;
    private ManagedChannel channel;
    private UserServiceClient client;

    @BeforeEach
    void pointAtABlackHole() throws IOException {
        blackHole = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().start(() -> {
            while (!blackHole.isClosed()) {
                try {
                    held.add(blackHole.accept());
                } catch (IOException e) {
                    return;
                }
            }
        });
        channel = NettyChannelBuilder.forAddress("127.0.0.1", blackHole.getLocalPort()).usePlaintext()
                .defaultServiceConfig(UserClientConfig.serviceConfig(3)).enableRetry().build();
        CircuitBreaker breaker = CircuitBreaker.of("test", CircuitBreakerConfig.custom()
                .slidingWindowSize(4).minimumNumberOfCalls(2).failureRateThreshold(50)
                .waitDurationInOpenState(Duration.ofMinutes(1))
                .recordException(e -> e instanceof StatusRuntimeException).build());
        client = new UserServiceClient(UserServiceGrpc.newBlockingStub(channel), breaker, Duration.ofMillis(300),
                Duration.ofSeconds(1));
    }

    @AfterEach
    void close() throws IOException, InterruptedException {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        blackHole.close();
        for (Socket socket : held) {
            socket.close();
        }
    }

    @Test
    void endsEachCallAtItsDeadlineWith503AndThenFailsFastWithTheCircuitOpen() {
        for (int i = 0; i < 2; i++) {
            long started = System.nanoTime();
            assertUnavailable(() -> client.verifyPassword("13800138000", "whatever1"));
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            assertThat(took).isBetween(Duration.ofMillis(250), Duration.ofSeconds(2));
        }

        long started = System.nanoTime();
        assertUnavailable(() -> client.get(42));
        // Open circuit: refused without waiting for a deadline (generous bound: CI machines are busy).
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(250));
    }

    @Test
    void boundsARetriedReadByTheSameDeadline() {
        long started = System.nanoTime();
        assertUnavailable(() -> client.findByMobile("13800138000"));
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
    }

    private static void assertUnavailable(Runnable call) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.problem()).isEqualTo(UserApiProblem.USER_SERVICE_UNAVAILABLE);
            assertThat(e.retryAfter()).isPositive();
        });
    }
}

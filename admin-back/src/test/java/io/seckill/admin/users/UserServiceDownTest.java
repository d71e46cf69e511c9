package io.seckill.admin.users;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.seckill.kernel.error.ApiException;
import io.seckill.user.contract.v1.UserServiceGrpc;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * With user-service unreachable (a real gRPC channel to a port nobody listens on), every call is a prompt 503
 * USER_SERVICE_UNAVAILABLE problem with Retry-After, first from the failed calls and then from the open circuit.
 */
class UserServiceDownTest {

    @Test
    void callsAnswer503WithinTheDeadlineAndTheCircuitOpens() throws IOException {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
        CircuitBreaker breaker = CircuitBreaker.of("user-service", CircuitBreakerConfig.custom()
                .slidingWindowSize(4).minimumNumberOfCalls(2).waitDurationInOpenState(Duration.ofMinutes(1)).build());
        CustomerDirectory directory = new CustomerDirectory(UserServiceGrpc.newBlockingStub(channel), breaker,
                Duration.ofSeconds(1));
        try {
            for (int i = 0; i < 4; i++) {
                long started = System.nanoTime();
                assertThatThrownBy(() -> directory.list(0, 20, null, null))
                        .isInstanceOfSatisfying(ApiException.class, e -> {
                            assertThat(e.problem().code()).isEqualTo("USER_SERVICE_UNAVAILABLE");
                            assertThat(e.problem().status().value()).isEqualTo(503);
                            assertThat(e.retryAfter()).isNotNull();
                        });
                assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
            }
            assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.OPEN);
        } finally {
            channel.shutdownNow();
        }
    }
}

package io.seckill.user.api.userclient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import io.seckill.kernel.error.ApiException;
import io.seckill.user.contract.v1.CreateUserRequest;
import io.seckill.user.contract.v1.FindByMobileRequest;
import io.seckill.user.contract.v1.GetUserRequest;
import io.seckill.user.contract.v1.User;
import io.seckill.user.contract.v1.UserServiceGrpc;
import io.seckill.user.contract.v1.VerifyPasswordRequest;
import io.seckill.user.contract.v1.VerifyPasswordResponse;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Against a real gRPC server that answers every call UNAVAILABLE and counts them: the idempotent reads are
 * retried (three attempts), a write and a password check are sent exactly once.
 */
class UserServiceClientRetryTest {

    private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    private Server server;
    private ManagedChannel channel;
    private UserServiceClient client;

    @BeforeEach
    void start() throws IOException {
        server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0)).addService(new Unavailable()).build().start();
        channel = NettyChannelBuilder.forAddress("127.0.0.1", server.getPort()).usePlaintext()
                .defaultServiceConfig(UserClientConfig.serviceConfig(3)).enableRetry().build();
        client = new UserServiceClient(UserServiceGrpc.newBlockingStub(channel), CircuitBreaker.ofDefaults("test"),
                Duration.ofSeconds(2), Duration.ofSeconds(1));
    }

    @AfterEach
    void stop() throws InterruptedException {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }

    @Test
    void retriesIdempotentReadsOnly() {
        assertThatThrownBy(() -> client.get(1)).isInstanceOf(ApiException.class);
        assertThatThrownBy(() -> client.findByMobile("13800138000")).isInstanceOf(ApiException.class);
        assertThatThrownBy(() -> client.verifyPassword("13800138000", "Password1")).isInstanceOf(ApiException.class);
        assertThatThrownBy(() -> client.create("13800138000", "Password1", "n")).isInstanceOf(ApiException.class);

        assertThat(calls).containsOnlyKeys("GetUser", "FindByMobile", "VerifyPassword", "CreateUser");
        assertThat(calls.get("GetUser")).hasValue(3);
        assertThat(calls.get("FindByMobile")).hasValue(3);
        assertThat(calls.get("VerifyPassword")).hasValue(1);
        assertThat(calls.get("CreateUser")).hasValue(1);
    }

    @Test
    void sendsNoRetriesWhenReadAttemptsIsOne() {
        channel.shutdownNow();
        channel = NettyChannelBuilder.forAddress("127.0.0.1", server.getPort()).usePlaintext()
                .defaultServiceConfig(UserClientConfig.serviceConfig(1)).enableRetry().build();
        client = new UserServiceClient(UserServiceGrpc.newBlockingStub(channel), CircuitBreaker.ofDefaults("test"),
                Duration.ofSeconds(2), Duration.ofSeconds(1));

        assertThatThrownBy(() -> client.get(1)).isInstanceOf(ApiException.class);
        assertThat(calls.get("GetUser")).hasValue(1);
    }

    private final class Unavailable extends UserServiceGrpc.UserServiceImplBase {

        private void refuse(String method, StreamObserver<?> response) {
            calls.computeIfAbsent(method, m -> new AtomicInteger()).incrementAndGet();
            response.onError(Status.UNAVAILABLE.withDescription("down for the test").asRuntimeException());
        }

        @Override
        public void getUser(GetUserRequest request, StreamObserver<User> response) {
            refuse("GetUser", response);
        }

        @Override
        public void findByMobile(FindByMobileRequest request, StreamObserver<User> response) {
            refuse("FindByMobile", response);
        }

        @Override
        public void verifyPassword(VerifyPasswordRequest request, StreamObserver<VerifyPasswordResponse> response) {
            refuse("VerifyPassword", response);
        }

        @Override
        public void createUser(CreateUserRequest request, StreamObserver<User> response) {
            refuse("CreateUser", response);
        }
    }
}

package io.seckill.user.api;

import io.seckill.infra.embedded.ServiceInJvm;
import io.seckill.user.contract.v1.UserServiceGrpc;
import io.seckill.user.service.UserServiceApplication;
import io.seckill.user.service.grpc.GrpcServer;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The real user-service (its Spring application, gRPC server on a free port, Flyway on the embedded MariaDB),
 * started in the test JVM so user-api's tests go over real gRPC. Its settings are passed as arguments because
 * user-api's own application.yml comes first on this classpath and would shadow user-service's.
 */
public final class UserServiceInJvm implements AutoCloseable {

    private static UserServiceInJvm shared;

    private final ConfigurableApplicationContext context;
    private final int grpcPort;
    private ManagedChannel channel;

    private UserServiceInJvm(ConfigurableApplicationContext context) {
        this.context = context;
        this.grpcPort = context.getBean(GrpcServer.class).port();
    }

    /** One instance for every test class that does not stop it. */
    public static synchronized UserServiceInJvm shared() {
        if (shared == null) {
            shared = start();
        }
        return shared;
    }

    public static UserServiceInJvm start() {
        return new UserServiceInJvm(ServiceInJvm.start(UserServiceApplication.class, "user-service",
                "--seckill.grpc.server.port=0"));
    }

    public int grpcPort() {
        return grpcPort;
    }

    public String address() {
        return "127.0.0.1:" + grpcPort;
    }

    /** A direct gRPC stub, for arranging state the REST API cannot (e.g. disabling an account). */
    public synchronized UserServiceGrpc.UserServiceBlockingStub stub() {
        if (channel == null) {
            channel = NettyChannelBuilder.forAddress("127.0.0.1", grpcPort).usePlaintext().build();
        }
        return UserServiceGrpc.newBlockingStub(channel);
    }

    @Override
    public synchronized void close() {
        if (channel != null) {
            channel.shutdownNow();
        }
        context.close();
    }
}

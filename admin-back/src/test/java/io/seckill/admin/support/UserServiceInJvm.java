package io.seckill.admin.support;

import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.seckill.infra.embedded.ServiceInJvm;
import io.seckill.user.contract.v1.UserServiceGrpc;
import io.seckill.user.service.UserServiceApplication;
import io.seckill.user.service.grpc.GrpcServer;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The real user-service (gRPC on a free port, its Flyway on the embedded MariaDB) in the test JVM, as user-api's
 * tests start it ({@link ServiceInJvm}; only the gRPC accessors are this class's own).
 */
public final class UserServiceInJvm {

    private static UserServiceInJvm shared;

    private final int grpcPort;
    private ManagedChannel channel;

    private UserServiceInJvm(ConfigurableApplicationContext context) {
        this.grpcPort = context.getBean(GrpcServer.class).port();
    }

    /** One instance for the whole test JVM; it ends with the JVM. */
    public static synchronized UserServiceInJvm shared() {
        if (shared == null) {
            shared = new UserServiceInJvm(ServiceInJvm.start(UserServiceApplication.class, "user-service",
                    "--seckill.grpc.server.port=0"));
        }
        return shared;
    }

    public String address() {
        return "127.0.0.1:" + grpcPort;
    }

    /** A direct stub, to arrange customers the admin API cannot create. */
    public synchronized UserServiceGrpc.UserServiceBlockingStub stub() {
        if (channel == null) {
            channel = NettyChannelBuilder.forAddress("127.0.0.1", grpcPort).usePlaintext().build();
        }
        return UserServiceGrpc.newBlockingStub(channel);
    }
}

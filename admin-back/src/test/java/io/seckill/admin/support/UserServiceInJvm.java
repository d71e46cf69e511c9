package io.seckill.admin.support;

import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.seckill.infra.embedded.EmbeddedInfra;
import io.seckill.user.contract.v1.UserServiceGrpc;
import io.seckill.user.service.UserServiceApplication;
import io.seckill.user.service.grpc.GrpcServer;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The real user-service (gRPC on a free port, its Flyway on the embedded MariaDB) in the test JVM, as user-api's
 * tests start it (its UserServiceInJvm; a copy because test classes of another module are not shared here). Its
 * settings are arguments because admin-back's application.yml comes first on this classpath.
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
            List<String> args = new ArrayList<>();
            EmbeddedInfra.shared().springProperties().forEach((key, value) -> args.add("--" + key + "=" + value));
            args.addAll(List.of(
                    "--spring.application.name=user-service",
                    "--server.port=0",
                    "--seckill.grpc.server.port=0",
                    "--spring.flyway.enabled=true",
                    "--spring.flyway.locations=classpath:db/migration/user-service",
                    "--spring.flyway.table=flyway_history_user_service",
                    "--spring.flyway.baseline-on-migrate=true",
                    "--spring.flyway.baseline-version=0",
                    "--logging.level.org.mariadb.jdbc.message.server.ErrorPacket=ERROR",
                    "--spring.main.banner-mode=off"));
            shared = new UserServiceInJvm(new SpringApplicationBuilder(UserServiceApplication.class).run(args.toArray(String[]::new)));
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

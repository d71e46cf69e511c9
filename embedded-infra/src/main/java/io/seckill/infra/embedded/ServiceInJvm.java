package io.seckill.infra.embedded;

import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Starts another service's real Spring application in a test JVM, on the shared embedded infrastructure, so a
 * test goes over the real protocol to the real code (user-api and admin-back to user-service over gRPC,
 * order-compensation to order-service over HTTP) without a packaging step. Its settings are passed as arguments
 * because the calling module's own {@code application.yml} comes first on the test classpath and would shadow the
 * started service's: the Flyway settings follow the convention every service uses
 * ({@code classpath:db/migration/<service>}, history table {@code flyway_history_<service>}).
 */
public final class ServiceInJvm {

    private ServiceInJvm() {
    }

    /** @param extraArguments {@code --key=value} settings of the service that the test needs on top */
    public static ConfigurableApplicationContext start(Class<?> application, String service, String... extraArguments) {
        List<String> args = new ArrayList<>();
        EmbeddedInfra.shared().springProperties().forEach((key, value) -> args.add("--" + key + "=" + value));
        args.addAll(List.of(
                "--spring.application.name=" + service,
                "--server.port=0",
                "--spring.flyway.enabled=true",
                "--spring.flyway.locations=classpath:db/migration/" + service,
                "--spring.flyway.table=flyway_history_" + service.replace('-', '_'),
                "--spring.flyway.baseline-on-migrate=true",
                "--spring.flyway.baseline-version=0",
                "--logging.level.org.mariadb.jdbc.message.server.ErrorPacket=ERROR",
                "--spring.main.banner-mode=off"));
        args.addAll(List.of(extraArguments));
        return new SpringApplicationBuilder(application).run(args.toArray(String[]::new));
    }
}

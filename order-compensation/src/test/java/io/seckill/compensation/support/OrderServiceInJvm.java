package io.seckill.compensation.support;

import io.seckill.infra.embedded.EmbeddedInfra;
import io.seckill.order.OrderServiceApplication;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;

/**
 * The real order-service (its Spring application, coordinator, branches and the compensation endpoint), started
 * in the test JVM on the embedded infrastructure, as user-api's tests start user-service. Chosen over a separate
 * process: one JVM, no packaging step, and the same code the service runs. Its settings are arguments because
 * order-compensation's application.yml shadows order-service's on this classpath. Its Kafka listeners start
 * stopped (the sweeper test checks that a re-published reservation stays PENDING); a test that needs the
 * consumer starts it with {@link #consumeOrders(boolean)}.
 */
public final class OrderServiceInJvm {

    public static final String SECRET = "test-internal-secret";
    private static OrderServiceInJvm shared;

    private final ConfigurableApplicationContext context;

    private OrderServiceInJvm(ConfigurableApplicationContext context) {
        this.context = context;
    }

    public static synchronized OrderServiceInJvm shared() {
        if (shared == null) {
            List<String> args = new ArrayList<>();
            EmbeddedInfra.shared().springProperties().forEach((key, value) -> args.add("--" + key + "=" + value));
            args.addAll(List.of(
                    "--spring.application.name=order-service",
                    "--server.port=0",
                    "--spring.flyway.enabled=true",
                    "--spring.flyway.locations=classpath:db/migration/order-service",
                    "--spring.flyway.table=flyway_history_order_service",
                    "--spring.flyway.baseline-on-migrate=true",
                    "--spring.flyway.baseline-version=0",
                    "--spring.kafka.listener.auto-startup=false",
                    "--spring.kafka.listener.ack-mode=batch",
                    "--spring.kafka.consumer.auto-offset-reset=earliest",
                    "--seckill.internal.secret=" + SECRET,
                    "--seckill.outbox.interval=200ms",
                    "--logging.level.org.mariadb.jdbc.message.server.ErrorPacket=ERROR",
                    "--spring.main.banner-mode=off"));
            shared = new OrderServiceInJvm(new SpringApplicationBuilder(OrderServiceApplication.class).run(args.toArray(String[]::new)));
        }
        return shared;
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + context.getEnvironment().getProperty("local.server.port");
    }

    /** A bean of order-service, to arrange a state only its internals can make (a transaction left TRYING). */
    public <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    /** Starts or stops order-service's order consumer ({@code seckill.order.create}). */
    public void consumeOrders(boolean on) {
        KafkaListenerEndpointRegistry registry = context.getBean(KafkaListenerEndpointRegistry.class);
        if (on) {
            registry.start();
        } else {
            registry.stop();
        }
    }
}

package io.seckill.compensation.support;

import io.seckill.infra.embedded.ServiceInJvm;
import io.seckill.order.OrderServiceApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;

/**
 * The real order-service (its Spring application, coordinator, branches and the compensation endpoint), started
 * in the test JVM on the embedded infrastructure ({@link ServiceInJvm}). Its Kafka listeners start
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
            shared = new OrderServiceInJvm(ServiceInJvm.start(OrderServiceApplication.class, "order-service",
                    "--spring.kafka.listener.auto-startup=false",
                    "--spring.kafka.listener.ack-mode=batch",
                    "--spring.kafka.consumer.auto-offset-reset=earliest",
                    "--seckill.internal.secret=" + SECRET,
                    "--seckill.outbox.interval=200ms"));
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

package io.seckill.kernel.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.seckill.kernel.boot.KernelKafkaAutoConfiguration;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * The warm-up against a Kafka that is not there (a port nobody listens on), and when the kernel registers it.
 * The warm-up against a real broker is tested where it matters: seckill-api's ProducerWarmUpTest.
 */
class ProducerWarmUpTest {

    private final ApplicationContextRunner contexts = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(KernelKafkaAutoConfiguration.class));

    @Test
    void kafkaUnreachableAtStartupIsReportedNotFatal() throws IOException {
        DefaultKafkaProducerFactory<String, String> unreachable = unreachableFactory();
        try {
            ProducerWarmUp nowhere = new ProducerWarmUp(new KafkaTemplate<>(unreachable), List.of("t1", "t2"));
            nowhere.run(null);
            assertThat(nowhere.ready()).isFalse();
            assertThat(nowhere.warmUp()).isFalse();
        } finally {
            unreachable.destroy();
        }
    }

    @Test
    void registeredForTheServicesThatNameTheirTopics() throws IOException {
        DefaultKafkaProducerFactory<String, String> factory = unreachableFactory();
        try {
            contexts.withBean(KafkaTemplate.class, () -> new KafkaTemplate<>(factory))
                    .withPropertyValues("seckill.kafka.warm-up-topics=seckill.order.create, seckill.order.events")
                    .run(context -> assertThat(context.getBean(ProducerWarmUp.class).topics())
                            .containsExactly("seckill.order.create", "seckill.order.events"));
            contexts.withBean(KafkaTemplate.class, () -> new KafkaTemplate<>(factory))
                    .run(context -> assertThat(context).doesNotHaveBean(ProducerWarmUp.class));
            contexts.withPropertyValues("seckill.kafka.warm-up-topics=seckill.order.create")
                    .run(context -> assertThat(context).doesNotHaveBean(ProducerWarmUp.class));
        } finally {
            factory.destroy();
        }
    }

    private static DefaultKafkaProducerFactory<String, String> unreachableFactory() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        return new DefaultKafkaProducerFactory<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + port,
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 500,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class));
    }
}

package io.seckill.infra.embedded;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads a topic of the shared embedded broker from the beginning, in a consumer group of its own, and returns
 * the records a test is looking for: at least {@code expected} of them, then one more poll so that an unwanted
 * extra record (a duplicate) is caught too.
 */
public final class TopicReader {

    private TopicReader() {
    }

    public static List<ConsumerRecord<String, String>> read(String topic, Predicate<ConsumerRecord<String, String>> wanted,
                                                            int expected, Duration timeout) {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, EmbeddedInfra.shared().kafkaBootstrapServers());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "test-reader-" + UUID.randomUUID());
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<ConsumerRecord<String, String>> found = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + timeout.toNanos();
            while (found.size() < expected) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("found " + found.size() + " of " + expected + " records on " + topic + " in " + timeout);
                }
                consumer.poll(Duration.ofMillis(200)).forEach(record -> {
                    if (wanted.test(record)) {
                        found.add(record);
                    }
                });
            }
            consumer.poll(Duration.ofSeconds(1)).forEach(record -> {
                if (wanted.test(record)) {
                    found.add(record);
                }
            });
        }
        return found;
    }
}

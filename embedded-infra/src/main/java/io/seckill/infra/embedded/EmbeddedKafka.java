package io.seckill.infra.embedded;

import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * A real single-node KRaft Kafka broker, in this JVM, with the topics of DESIGN.md §9 created up front. Public so
 * that failure tests can own a broker and stop it mid-run without touching the shared one.
 */
public final class EmbeddedKafka implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedKafka.class);

    private final EmbeddedKafkaKraftBroker broker;

    public EmbeddedKafka(int port, int partitions) {
        broker = new EmbeddedKafkaKraftBroker(1, partitions, KafkaTopics.ALL.toArray(String[]::new));
        broker.kafkaPorts(port);
        broker.brokerProperties(Map.of(
                "auto.create.topics.enable", "true",
                "offsets.topic.replication.factor", "1",
                "transaction.state.log.replication.factor", "1",
                "transaction.state.log.min.isr", "1",
                "group.initial.rebalance.delay.ms", "0",
                "log.cleaner.enable", "false"));
        broker.afterPropertiesSet();
        log.info("Kafka listening on {}", broker.getBrokersAsString());
    }

    public String bootstrapServers() {
        return broker.getBrokersAsString();
    }

    @Override
    public void close() {
        broker.destroy();
    }
}

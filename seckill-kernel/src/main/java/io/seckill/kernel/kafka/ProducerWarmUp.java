package io.seckill.kernel.kafka;

import java.time.Duration;
import java.util.List;
import org.apache.kafka.common.PartitionInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * Creates a service's Kafka producer and fetches the metadata of the topics it sends to at startup, before the
 * instance reports ready, instead of on the first send. Registered by the kernel for the topics listed in
 * {@code seckill.kafka.warm-up-topics}.
 *
 * <p>Why: the producer is otherwise created by the first send. On the bench's first rush after a fresh start,
 * seckill-api's first sends happened with a thousand attempts in flight on two cores. They waited for the topic's
 * metadata longer than {@code max.block.ms} (2 s), and 139 buyers who had a unit reserved got a 503 and had it
 * taken back. order-service's outbox relay created its producer in the same second. The producer keeps a topic's
 * metadata while it sends to it, and the kernel's {@code metadata.max.idle.ms} keeps it through the idle hours
 * before a sale.
 *
 * <p>Kafka being away at startup does not stop the instance: the warm-up logs it, and the sends fail (and are
 * handled) as they would if Kafka went away later.
 */
public class ProducerWarmUp implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(ProducerWarmUp.class);

    private final KafkaTemplate<?, ?> kafka;
    private final List<String> topics;
    private volatile boolean ready;

    public ProducerWarmUp(KafkaTemplate<?, ?> kafka, List<String> topics) {
        this.kafka = kafka;
        this.topics = List.copyOf(topics);
    }

    @Override
    public void run(ApplicationArguments args) {
        warmUp();
    }

    /** @return whether the producer now knows every topic's partitions */
    public boolean warmUp() {
        long started = System.nanoTime();
        boolean all = true;
        for (String topic : topics) {
            try {
                List<PartitionInfo> partitions = kafka.partitionsFor(topic);
                if (partitions == null || partitions.isEmpty()) {
                    all = false;
                    log.warn("Kafka producer started, but {} has no partitions yet", topic);
                }
            } catch (RuntimeException e) {
                ready = false;
                log.warn("Kafka unreachable at startup; sends to {} fail until it is back: {}", topics, e.toString());
                return false;
            }
        }
        ready = all;
        if (all) {
            log.info("Kafka producer ready for {} ({} ms)", topics, Duration.ofNanos(System.nanoTime() - started).toMillis());
        }
        return all;
    }

    public boolean ready() {
        return ready;
    }

    public List<String> topics() {
        return topics;
    }
}

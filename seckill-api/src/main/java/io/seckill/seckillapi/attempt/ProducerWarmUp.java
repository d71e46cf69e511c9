package io.seckill.seckillapi.attempt;

import java.time.Duration;
import java.util.List;
import org.apache.kafka.common.PartitionInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/**
 * Creates the Kafka producer and fetches {@code seckill.order.create}'s metadata at startup, before the instance
 * reports ready, instead of on the sale's first accepted attempt.
 *
 * <p>Why: the producer is otherwise created by the first send. On the bench's first rush after a fresh start,
 * that happened with a thousand attempts in flight on two cores. Those sends waited for the topic's metadata
 * longer than {@code max.block.ms} (2 s), and 139 buyers who had a unit reserved got a 503 and had it taken back.
 * The producer keeps the topic's metadata while it sends, and {@code metadata.max.idle.ms} (application.yml)
 * keeps it through the idle hours before a sale, so the opening attempts need no metadata round trip either.
 *
 * <p>Kafka being away at startup does not stop the instance: the warm-up logs it, and attempts answer 503 until
 * Kafka is back, as they would if it went away later.
 */
@Component
class ProducerWarmUp implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(ProducerWarmUp.class);

    private final KafkaTemplate<String, String> kafka;
    private volatile boolean ready;

    ProducerWarmUp(KafkaTemplate<String, String> kafka) {
        this.kafka = kafka;
    }

    @Override
    public void run(ApplicationArguments args) {
        warmUp();
    }

    /** @return whether the producer now knows the topic's partitions */
    boolean warmUp() {
        long started = System.nanoTime();
        try {
            List<PartitionInfo> partitions = kafka.partitionsFor(ReservationCreated.TOPIC);
            ready = partitions != null && !partitions.isEmpty();
            if (ready) {
                log.info("Kafka producer ready: {} has {} partitions ({} ms)", ReservationCreated.TOPIC,
                        partitions.size(), Duration.ofNanos(System.nanoTime() - started).toMillis());
            } else {
                log.warn("Kafka producer started, but {} has no partitions yet", ReservationCreated.TOPIC);
            }
        } catch (RuntimeException e) {
            ready = false;
            log.warn("Kafka unreachable at startup; attempts answer 503 until it is back: {}", e.toString());
        }
        return ready;
    }

    boolean ready() {
        return ready;
    }
}

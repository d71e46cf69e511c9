package io.seckill.compensation.retry;

import java.time.Duration;
import java.time.Instant;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.support.Acknowledgment;
import org.springframework.stereotype.Component;

/**
 * The consumers of the compensation path, one container per topic so a waiting tier never holds up another.
 *
 * <p>The tiers are hand-rolled instead of {@code @RetryableTopic}: Spring Kafka fixes the retry topics' delays
 * and attempt count when the application starts, and DESIGN.md §5 wants both to change at runtime. A tier
 * record is due at its timestamp plus the tier's current interval ({@link RetryPolicy}); until then the listener
 * {@code nack}s it, which pauses that container and re-reads the record later (no thread sleeps, the consumer
 * keeps polling). Records of a tier arrive in due order, so the head waiting is the earliest one. The offset is
 * committed ({@code ack-mode: manual_immediate}) only after the outcome is durable: compensated, forwarded and
 * acknowledged by Kafka, or archived.
 */
@Component
class CompensationListeners {

    /** Longest single pause, so a shortened interval is noticed soon. */
    static final Duration MAX_PAUSE = Duration.ofSeconds(2);

    private final RetryRouter router;
    private final RetryPolicy policy;

    CompensationListeners(RetryRouter router, RetryPolicy policy) {
        this.router = router;
        this.policy = policy;
    }

    @KafkaListener(id = "compensation-main", topics = CompensationTopics.MAIN, groupId = CompensationTopics.GROUP)
    void main(ConsumerRecord<String, String> record, Acknowledgment ack) throws Exception {
        router.attemptAndForward(record, "COMPENSATION");
        ack.acknowledge();
    }

    @KafkaListener(id = "compensation-retry-10s", topics = CompensationTopics.MAIN + "-retry-10s", groupId = CompensationTopics.GROUP)
    void tier1(ConsumerRecord<String, String> record, Acknowledgment ack) throws Exception {
        tier(record, ack, 0, "RETRY_10S");
    }

    @KafkaListener(id = "compensation-retry-30s", topics = CompensationTopics.MAIN + "-retry-30s", groupId = CompensationTopics.GROUP)
    void tier2(ConsumerRecord<String, String> record, Acknowledgment ack) throws Exception {
        tier(record, ack, 1, "RETRY_30S");
    }

    @KafkaListener(id = "compensation-retry-60s", topics = CompensationTopics.MAIN + "-retry-60s", groupId = CompensationTopics.GROUP)
    void tier3(ConsumerRecord<String, String> record, Acknowledgment ack) throws Exception {
        tier(record, ack, 2, "RETRY_60S");
    }

    /** DLQ retries wait the last tier's interval, so a message over and over in the DLQ does not spin. */
    @KafkaListener(id = "compensation-dlq", topics = CompensationTopics.DLQ, groupId = CompensationTopics.GROUP)
    void dlq(ConsumerRecord<String, String> record, Acknowledgment ack) throws Exception {
        boolean willArchive = Math.max(0, RetryRouter.attempts(record) - 1) >= policy.maxRetries() && RetryRouter.attempts(record) > 0;
        if (!willArchive && waits(record, policy.interval(CompensationTopics.TIERS.size() - 1), ack)) {
            return;
        }
        router.dlq(record);
        ack.acknowledge();
    }

    private void tier(ConsumerRecord<String, String> record, Acknowledgment ack, int tier, String stage) throws Exception {
        if (waits(record, policy.interval(tier), ack)) {
            return;
        }
        router.attemptAndForward(record, stage);
        ack.acknowledge();
    }

    private static boolean waits(ConsumerRecord<String, String> record, Duration delay, Acknowledgment ack) {
        Duration left = Duration.between(Instant.now(), Instant.ofEpochMilli(record.timestamp()).plus(delay));
        if (left.isNegative() || left.isZero()) {
            return false;
        }
        ack.nack(left.compareTo(MAX_PAUSE) > 0 ? MAX_PAUSE : left);
        return true;
    }
}

package io.seckill.order.pipeline;

import io.seckill.kernel.event.EventEnvelope;
import io.seckill.kernel.id.IdGenerator;
import io.seckill.tx.TransactionCoordinator;
import io.seckill.tx.TxLog;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Re-drives transactions past their deadline (DESIGN.md §4): TRYING/PREPARED are rolled back, COMMITTING /
 * ROLLING_BACK are finished. Safe with several instances: every step is a compare-and-set on the log and the
 * branches are fenced. After the last automatic attempt ({@code tx.max-auto-attempts}) the case belongs to
 * compensation: the scanner stops re-driving it and hands it over once — again only every
 * {@link #HANDOVER_REPEAT} while it stays unfinished (a safety net for a lost hand-over, not a flood through the
 * retry tiers on every scan).
 */
@Component
class HangingTransactionScanner {

    private static final Logger log = LoggerFactory.getLogger(HangingTransactionScanner.class);
    static final Duration HANDOVER_REPEAT = Duration.ofMinutes(5);

    private final TxLog txLog;
    private final TransactionCoordinator coordinator;
    private final KafkaTemplate<String, String> kafka;
    private final Clock clock;
    private final PipelineSettings settings;
    private final FencedTransactions locks;
    private final StringRedisTemplate redis;
    private final IdGenerator ids;
    private final JsonMapper json;

    HangingTransactionScanner(TxLog txLog, TransactionCoordinator coordinator, KafkaTemplate<String, String> kafka, Clock clock,
                              PipelineSettings settings, FencedTransactions locks, StringRedisTemplate redis,
                              IdGenerator ids, JsonMapper json) {
        this.redis = redis;
        this.ids = ids;
        this.json = json;
        this.settings = settings;
        this.locks = locks;
        this.txLog = txLog;
        this.coordinator = coordinator;
        this.kafka = kafka;
        this.clock = clock;
    }

    @Scheduled(fixedDelayString = "${seckill.tx.scan-interval:5s}")
    void scan() {
        try {
            int maxAttempts = settings.maxAutoAttempts();
            for (String txId : txLog.pastDeadline(clock.instant(), 500)) {
                var entry = txLog.find(txId);
                if (entry.isEmpty() || entry.get().state().isFinal()) {
                    continue;
                }
                if (entry.get().attempts() >= maxAttempts) {
                    handOver(txId, entry.get().attempts()); // compensation's now; no more automatic re-drives
                    continue;
                }
                int attempts;
                try {
                    attempts = locks.call(txId, Duration.ZERO, () -> coordinator.redrive(txId));
                } catch (FencedTransactions.Busy driven) {
                    continue; // a consumer (or another scanner) is on it right now
                }
                if (attempts >= maxAttempts && !coordinator.state(txId).isFinal()) {
                    handOver(txId, attempts);
                }
            }
        } catch (Exception e) {
            log.warn("hanging-transaction scan paused: {}", e.toString());
        }
    }

    /** Sends the case to compensation unless this (or another) instance did so within {@link #HANDOVER_REPEAT}. */
    private void handOver(String txId, int attempts) throws Exception {
        Boolean first = redis.opsForValue().setIfAbsent("tx:{" + txId + "}:handed-over", "1", HANDOVER_REPEAT);
        if (!Boolean.TRUE.equals(first)) {
            return;
        }
        try {
            String message = json.writeValueAsString(EventEnvelope.of(ids.nextId(), TransactionHanging.TYPE,
                    TransactionHanging.VERSION, clock.instant(), null, new TransactionHanging(txId, attempts)));
            kafka.send(OrderCreationListener.COMPENSATION, TransactionHanging.keyOf(txId), message).get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            redis.delete("tx:{" + txId + "}:handed-over"); // not handed over: the next scan tries again
            throw e;
        }
        log.error("transaction {} still unfinished after {} attempts: handed to compensation", txId, attempts);
    }
}

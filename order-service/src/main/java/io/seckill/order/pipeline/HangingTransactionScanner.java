package io.seckill.order.pipeline;

import io.seckill.tx.TransactionCoordinator;
import io.seckill.tx.TxLog;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Re-drives transactions past their deadline (DESIGN.md §4): TRYING/PREPARED are rolled back, COMMITTING /
 * ROLLING_BACK are finished. Safe with several instances: every step is a compare-and-set on the log and the
 * branches are fenced. After the third failed attempt the case goes to compensation.
 */
@Component
class HangingTransactionScanner {

    private static final Logger log = LoggerFactory.getLogger(HangingTransactionScanner.class);

    private final TxLog txLog;
    private final TransactionCoordinator coordinator;
    private final KafkaTemplate<String, String> kafka;
    private final Clock clock;
    private final PipelineSettings settings;
    private final FencedTransactions locks;

    HangingTransactionScanner(TxLog txLog, TransactionCoordinator coordinator, KafkaTemplate<String, String> kafka, Clock clock,
                              PipelineSettings settings, FencedTransactions locks) {
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
                int attempts;
                try {
                    attempts = locks.call(txId, Duration.ZERO, () -> coordinator.redrive(txId));
                } catch (FencedTransactions.Busy driven) {
                    continue; // a consumer (or another scanner) is on it right now
                }
                if (attempts >= maxAttempts) {
                    kafka.send(OrderCreationListener.COMPENSATION, txId, "{\"txId\":\"" + txId + "\",\"hanging\":true}")
                            .get(5, TimeUnit.SECONDS);
                    log.error("transaction {} still unfinished after {} attempts: handed to compensation", txId, attempts);
                }
            }
        } catch (Exception e) {
            log.warn("hanging-transaction scan paused: {}", e.toString());
        }
    }
}

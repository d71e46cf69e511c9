package io.seckill.order.outbox;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Publishes the outbox in id order. Rows are claimed with {@code FOR UPDATE SKIP LOCKED}, so several
 * order-service instances relay in parallel without sending a row twice; a row is marked published only after
 * Kafka acknowledged it. A crash between the two re-sends it: consumers deduplicate on the event id.
 */
@Component
class OutboxRelay {

    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);
    private static final int BATCH = 100;

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final KafkaTemplate<String, String> kafka;
    private final Clock clock;

    OutboxRelay(JdbcClient jdbc, TransactionTemplate tx, KafkaTemplate<String, String> kafka, Clock clock) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.kafka = kafka;
        this.clock = clock;
    }

    record Row(long id, String topic, String key, String payload) {
    }

    @Scheduled(fixedDelayString = "${seckill.outbox.interval:200ms}")
    void relay() {
        try {
            Integer sent;
            do {
                sent = tx.execute(status -> relayBatch());
            } while (sent != null && sent == BATCH);
        } catch (RuntimeException e) {
            log.warn("outbox relay paused: {}", e.toString());
        }
    }

    private int relayBatch() {
        List<Row> rows = jdbc.sql("""
                SELECT id, topic, message_key, payload FROM outbox_events
                 WHERE published_at IS NULL ORDER BY id LIMIT ? FOR UPDATE SKIP LOCKED""")
                .param(BATCH)
                .query((r, n) -> new Row(r.getLong(1), r.getString(2), r.getString(3), r.getString(4)))
                .list();
        for (Row row : rows) {
            try {
                kafka.send(row.topic(), row.key(), row.payload()).get(5, TimeUnit.SECONDS);
            } catch (Exception e) {
                jdbc.sql("UPDATE outbox_events SET attempts = attempts + 1, last_error = ? WHERE id = ?")
                        .params(e.toString().substring(0, Math.min(2000, e.toString().length())), row.id()).update();
                throw new IllegalStateException("Kafka did not take outbox event " + row.id(), e);
            }
            jdbc.sql("UPDATE outbox_events SET published_at = ? WHERE id = ?")
                    .params(Timestamp.from(clock.instant()), row.id()).update();
        }
        return rows.size();
    }
}

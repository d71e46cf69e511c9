package io.seckill.order.outbox;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionCallback;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Publishes the outbox in id order. Rows are claimed with {@code FOR UPDATE SKIP LOCKED}, so several
 * order-service instances relay in parallel without sending a row twice; a row is marked published only after
 * Kafka acknowledged it. A crash between the two re-sends it: consumers deduplicate on the event id.
 *
 * <p>A claimed batch is sent at once and then its acks are awaited (one ack wait per row in turn would cap the
 * relay at a few hundred events/s); the rows are marked published up to the first failure only, so a failed row
 * and everything after it are sent again in id order (a duplicate, never an event overtaking an earlier one of
 * the same order).
 *
 * <p>The claim runs under READ COMMITTED, not the server's REPEATABLE READ. Under REPEATABLE READ the locking
 * read also takes next-key locks on the index it scans: the claim ends at the gap after the last unpublished row,
 * exactly where every new outbox row goes, so each insert of the order pipeline waited for the relay to get its
 * Kafka acks and commit. READ COMMITTED locks the claimed rows only.
 */
@Component
class OutboxRelay {

    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);
    private static final int BATCH = 500;

    private final JdbcClient jdbc;
    private final TransactionTemplate claims;
    private final KafkaTemplate<String, String> kafka;
    private final Clock clock;

    OutboxRelay(JdbcClient jdbc, TransactionTemplate tx, KafkaTemplate<String, String> kafka, Clock clock) {
        this.jdbc = jdbc;
        this.claims = new TransactionTemplate(tx.getTransactionManager(), tx);
        claims.setIsolationLevel(TransactionDefinition.ISOLATION_READ_COMMITTED);
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
                sent = inClaim(status -> relayBatch());
            } while (sent != null && sent == BATCH);
        } catch (RuntimeException e) {
            log.warn("outbox relay paused: {}", e.toString());
        }
    }

    private int relayBatch() {
        List<Row> rows = claim();
        List<CompletableFuture<?>> acks = new ArrayList<>(rows.size());
        for (Row row : rows) {
            acks.add(kafka.send(row.topic(), row.key(), row.payload()));
        }
        List<Long> published = new ArrayList<>(rows.size());
        RuntimeException failure = null;
        for (int i = 0; i < rows.size(); i++) {
            try {
                acks.get(i).get(5, TimeUnit.SECONDS);
                published.add(rows.get(i).id());
            } catch (Exception e) {
                failure = new IllegalStateException("Kafka did not take outbox event " + rows.get(i).id(), e);
                break;
            }
        }
        if (!published.isEmpty()) {
            jdbc.sql("UPDATE outbox_events SET published_at = :at WHERE id IN (:ids)")
                    .param("at", Timestamp.from(clock.instant())).param("ids", published).update();
        }
        if (failure != null) {
            String error = failure.getCause().toString();
            jdbc.sql("UPDATE outbox_events SET attempts = attempts + 1, last_error = ? WHERE id = ?")
                    .params(error.substring(0, Math.min(2000, error.length())), rows.get(published.size()).id()).update();
            log.warn("outbox relay: {} of {} events published, retrying from event {}: {}", published.size(), rows.size(),
                    rows.get(published.size()).id(), failure.getCause().toString());
            return 0; // commit what was published; the next run starts again at the failed row
        }
        return rows.size();
    }

    /** The next unpublished rows no other relay holds; call it inside {@link #inClaim}. */
    List<Row> claim() {
        return jdbc.sql("""
                SELECT id, topic, message_key, payload FROM outbox_events
                 WHERE published_at IS NULL ORDER BY id LIMIT ? FOR UPDATE SKIP LOCKED""")
                .param(BATCH)
                .query((r, n) -> new Row(r.getLong(1), r.getString(2), r.getString(3), r.getString(4)))
                .list();
    }

    /** Runs {@code work} in a transaction of the relay's kind (a test holds a claim open with it). */
    <T> T inClaim(TransactionCallback<T> work) {
        return claims.execute(work);
    }
}

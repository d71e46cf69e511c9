package io.seckill.order.orders;

import io.seckill.stock.StockLedger;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The Redis half of a cancellation, made durable like an outbox: {@link #record} writes a
 * {@code pending_redis_releases} row in the cancelling local transaction (with the order's CANCELLED state, the
 * units back in {@code seckill_stock} and the coordinator's commit decision); {@link #release} runs
 * {@code release.lua} and deletes the row. The row outlives a Redis outage, and {@link ReleaseRetry} drives what
 * is left. Exactly once: the script moves the reservation CONFIRMED → CANCELLED atomically and adds the units only
 * on that move, so a retry racing the first attempt (or another instance) adds nothing.
 */
@Component
class PendingReleases {

    private static final Logger log = LoggerFactory.getLogger(PendingReleases.class);

    private final JdbcClient jdbc;
    private final StockLedger ledger;

    PendingReleases(JdbcClient jdbc, StockLedger ledger) {
        this.jdbc = jdbc;
        this.ledger = ledger;
    }

    /** A release still to do; {@code txId} is its cancellation transaction (null for rows of older versions). */
    record Pending(long orderId, long activityId, long reservationId, String txId) {
    }

    enum Outcome {
        /** The units are back in Redis (now or earlier): nothing is pending for the order. */
        RELEASED,
        /** Redis did not answer: due again at once. */
        REDIS_AWAY,
        /** Redis answered but holds no CONFIRMED reservation (its data was lost): retried ever more rarely. */
        NOT_RELEASABLE
    }

    /**
     * Inside the cancelling local transaction. The row is not due for {@link ReleaseRetry} until
     * {@link #FIRST_ATTEMPT_GRACE_SECONDS} have passed: the first attempt belongs to the cancel's own commit, and a
     * job round picking the row in between would only race it (harmless, the script is exactly once, but it counts
     * an attempt and drives the transaction twice). A first attempt that fails makes the row due at once or backs
     * off; one that never ran (a crash) is picked up after the grace.
     */
    void record(long orderId, long activityId, long reservationId, String txId) {
        jdbc.sql("""
                INSERT INTO pending_redis_releases (order_id, activity_id, reservation_id, tx_id, next_attempt_at)
                VALUES (?, ?, ?, ?, CURRENT_TIMESTAMP(3) + INTERVAL ? SECOND)""")
                .params(orderId, activityId, reservationId, txId, FIRST_ATTEMPT_GRACE_SECONDS).update();
    }

    static final int FIRST_ATTEMPT_GRACE_SECONDS = 5;

    /** Returns the order's units to Redis if a release is pending and Redis takes it. */
    Outcome release(long orderId) {
        return jdbc.sql("SELECT order_id, activity_id, reservation_id, tx_id FROM pending_redis_releases WHERE order_id = ?")
                .param(orderId).query(PendingReleases::pending).optional()
                .map(this::release).orElse(Outcome.RELEASED);
    }

    /** Rows due for another attempt, oldest first. */
    List<Pending> due(int limit) {
        return jdbc.sql("""
                SELECT order_id, activity_id, reservation_id, tx_id FROM pending_redis_releases
                 WHERE next_attempt_at <= CURRENT_TIMESTAMP(3)
                 ORDER BY next_attempt_at, created_at LIMIT ?""")
                .param(limit).query(PendingReleases::pending).list();
    }

    /** Rows still waiting (exposed for tests and the ops console). */
    int count() {
        return jdbc.sql("SELECT COUNT(*) FROM pending_redis_releases").query(Integer.class).single();
    }

    Outcome release(Pending pending) {
        try {
            ledger.release(pending.activityId(), pending.reservationId());
        } catch (IllegalStateException noConfirmedReservation) {
            // Kept, counted, and retried ever more rarely (2 s, 4 s, … 10 min) so it never crowds the others out;
            // the reconciler shows the drift.
            failed(pending, noConfirmedReservation, true);
            return Outcome.NOT_RELEASABLE;
        } catch (RuntimeException redisAway) {
            // MySQL has the units back; Redis shows fewer than it could (undersell, never oversell) until a retry.
            failed(pending, redisAway, false);
            return Outcome.REDIS_AWAY;
        }
        jdbc.sql("DELETE FROM pending_redis_releases WHERE order_id = ?").param(pending.orderId()).update();
        return Outcome.RELEASED;
    }

    /** @param backOff wait 2^attempts s (at most 10 min) before the next try; else it stays due at once */
    private void failed(Pending pending, RuntimeException e, boolean backOff) {
        String error = e.toString();
        jdbc.sql("""
                UPDATE pending_redis_releases
                   SET next_attempt_at = CASE WHEN ? THEN CURRENT_TIMESTAMP(3) + INTERVAL LEAST(600, POW(2, LEAST(attempts + 1, 10))) SECOND
                                              ELSE CURRENT_TIMESTAMP(3) END,
                       attempts = attempts + 1, last_error = ?
                 WHERE order_id = ?""")
                .params(backOff, error.substring(0, Math.min(2048, error.length())), pending.orderId()).update();
        log.warn("order {} cancelled but its units are not back in Redis yet (will retry): {}", pending.orderId(), error);
    }

    private static Pending pending(java.sql.ResultSet r, int rowNum) throws java.sql.SQLException {
        return new Pending(r.getLong(1), r.getLong(2), r.getLong(3), r.getString(4));
    }
}

package io.seckill.order.orders;

import io.seckill.stock.StockLedger;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The Redis half of a cancellation, made reliable like an outbox: {@link #record} writes a
 * {@code pending_redis_releases} row in the cancelling local transaction (with the order's CANCELLED state and the
 * units back in {@code seckill_stock}); {@link #release} runs {@code release.lua} and deletes the row. If Redis is
 * down at that moment the row stays and {@link #retry} tries again until Redis takes it. Exactly once: the script
 * moves the reservation CONFIRMED → CANCELLED atomically and adds the units only on that move, so a retry racing the
 * first attempt (or another instance) adds nothing.
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

    private record Pending(long orderId, long activityId, long reservationId) {
    }

    /** Inside the cancelling local transaction. */
    void record(long orderId, long activityId, long reservationId) {
        jdbc.sql("INSERT INTO pending_redis_releases (order_id, activity_id, reservation_id) VALUES (?, ?, ?)")
                .params(orderId, activityId, reservationId).update();
    }

    /** After the cancellation committed: returns the units to Redis now if it can. @return true when done */
    boolean release(long orderId) {
        return jdbc.sql("SELECT order_id, activity_id, reservation_id FROM pending_redis_releases WHERE order_id = ?")
                .param(orderId).query((r, n) -> new Pending(r.getLong(1), r.getLong(2), r.getLong(3))).optional()
                .map(pending -> release(pending) == Outcome.RELEASED).orElse(true);
    }

    @Scheduled(fixedDelayString = "${seckill.order.release-retry-interval:2s}")
    void retry() {
        try {
            List<Pending> left = jdbc.sql("""
                    SELECT order_id, activity_id, reservation_id FROM pending_redis_releases
                     WHERE next_attempt_at <= CURRENT_TIMESTAMP(3)
                     ORDER BY next_attempt_at, created_at LIMIT 200""")
                    .query((r, n) -> new Pending(r.getLong(1), r.getLong(2), r.getLong(3))).list();
            for (Pending pending : left) {
                if (release(pending) == Outcome.REDIS_AWAY) {
                    return; // the next round tries again
                }
            }
        } catch (RuntimeException e) {
            log.warn("pending Redis releases paused: {}", e.toString());
        }
    }

    /** Rows still waiting (exposed for tests and the ops console). */
    int count() {
        return jdbc.sql("SELECT COUNT(*) FROM pending_redis_releases").query(Integer.class).single();
    }

    private enum Outcome { RELEASED, REDIS_AWAY, NOT_RELEASABLE }

    private Outcome release(Pending pending) {
        try {
            ledger.release(pending.activityId(), pending.reservationId());
        } catch (IllegalStateException noConfirmedReservation) {
            // Redis answered but holds no CONFIRMED reservation (its data was lost): kept, counted, and retried
            // ever more rarely (2 s, 4 s, … 10 min) so it never crowds the others out; the reconciler shows the drift.
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
}

package io.seckill.order.orders;

import io.seckill.kernel.id.IdGenerator;
import io.seckill.order.outbox.Outbox;
import io.seckill.tx.TccFence;
import io.seckill.tx.TransactionCoordinator;
import io.seckill.tx.TxCheckpoints.Point;
import io.seckill.tx.TxContext;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A cancellation (the buyer's, or the payment timeout's) as a global transaction of the coordinator (DESIGN.md
 * §4, §6): {@code cxl-<order id>-<n>} with the branches {@link StockReleaseBranch} (Redis) and
 * {@link OrderCancelBranch} (MySQL, the last resource). The MySQL branch is tried together with the commit decision
 * in one local transaction, so the outcome is decided exactly when the order becomes CANCELLED, and the Redis
 * release follows as the confirm. A release Redis cannot take now (it is down) leaves the transaction COMMITTING
 * with its {@code pending_redis_releases} row; {@link ReleaseRetry} (every 2 s) and the hanging scanner finish it.
 * Every transaction is new: a cancellation that lost (paid meanwhile, cancelled by the other side) rolls back and
 * changes nothing, so the buyer's cancel racing the timeout has one winner, as a payment racing either has.
 */
@Service
class Cancellations {

    private static final Logger log = LoggerFactory.getLogger(Cancellations.class);

    static final String PREFIX = "cxl-";
    static final String ORDER = "orderId";
    /** Tried in this order; the MySQL branch last (the last resource). */
    static final List<String> BRANCHES = List.of(StockReleaseBranch.NAME, OrderCancelBranch.NAME);
    /** New transactions to try when another driver moved ours before our decision (the scanner, an operator). */
    private static final int RACES = 3;

    private final TransactionCoordinator coordinator;
    private final JdbcClient jdbc;
    private final TransactionTemplate local;
    private final TccFence fence;
    private final PendingReleases releases;
    private final Outbox outbox;
    private final IdGenerator ids;
    private final Clock clock;

    Cancellations(TransactionCoordinator coordinator, JdbcClient jdbc, TransactionTemplate local, TccFence fence,
                  PendingReleases releases, Outbox outbox, IdGenerator ids, Clock clock) {
        this.coordinator = coordinator;
        this.jdbc = jdbc;
        this.local = local;
        this.fence = fence;
        this.releases = releases;
        this.outbox = outbox;
        this.ids = ids;
        this.clock = clock;
    }

    /** What the order needs to be cancelled, read while it awaits payment. */
    private record Target(long orderId, long userId, long activityId, long reservationId, int quantity) {
    }

    private enum Decision { CANCELLED, REFUSED, RACED }

    /**
     * AWAITING_PAYMENT → CANCELLED(reason), units back to MySQL then Redis, the buyer slot kept.
     *
     * @return false when the order is not awaiting payment (paid or cancelled before, or unknown)
     */
    boolean cancel(long orderId, String reason) {
        for (int race = 1; ; race++) {
            Optional<Target> target = target(orderId);
            if (target.isEmpty()) {
                return false;
            }
            switch (run(target.get(), reason)) {
                case CANCELLED -> {
                    return true;
                }
                case REFUSED -> {
                    return false;
                }
                case RACED -> {
                    if (race == RACES) {
                        throw new IllegalStateException("order " + orderId + ": " + RACES + " cancellations in a row were moved by another driver");
                    }
                }
            }
        }
    }

    private Decision run(Target target, String reason) {
        TxContext tx = new TxContext(PREFIX + target.orderId() + "-" + ids.nextId(), Map.of(
                ORDER, Long.toString(target.orderId()), "reservationId", Long.toString(target.reservationId()),
                "activityId", Long.toString(target.activityId()), "userId", Long.toString(target.userId()),
                "reason", reason));
        String txId = tx.txId();
        coordinator.begin(tx, BRANCHES);
        coordinator.reached(List.of(txId), Point.TRIED, StockReleaseBranch.NAME); // its try holds nothing
        Decision decision;
        try {
            decision = local.execute(status -> {
                Decision d = tryAndDecide(target, reason, txId);
                if (d != Decision.CANCELLED) {
                    status.setRollbackOnly();
                }
                return d;
            });
        } catch (DuplicateKeyException fenced) {
            decision = Decision.RACED; // rolled back before our try (fence SUSPENDED): ours can no longer cancel
        }
        if (decision == Decision.REFUSED) {
            try {
                coordinator.rollback(txId); // nothing was written: both cancels are empty rollbacks
            } catch (RuntimeException e) {
                log.warn("cancellation {} refused; its rollback is left to the hanging scanner: {}", txId, e.toString());
            }
            return decision;
        }
        if (decision == Decision.RACED) {
            return decision;
        }
        try {
            coordinator.commitDecided(List.of(txId));
            coordinator.commit(txId); // the confirms: the fence check, then the units back to Redis
        } catch (RuntimeException e) {
            // Decided and durable in MySQL: the order is cancelled. ReleaseRetry or the scanner finish the rest.
            log.warn("order {} cancelled; cancellation {} finishes later: {}", target.orderId(), txId, e.toString());
        }
        return decision;
    }

    /** The last resource's try, its commit and the coordinator's decision, in the caller's local transaction. */
    private Decision tryAndDecide(Target target, String reason, String txId) {
        fence.onCommitAll(List.of(txId), OrderCancelBranch.NAME);
        int changed = jdbc.sql("""
                UPDATE orders SET status = 'CANCELLED', cancelled_at = ?, cancel_reason = ?, version = version + 1
                 WHERE id = ? AND status = 'AWAITING_PAYMENT'""")
                .params(Timestamp.from(clock.instant()), reason, target.orderId()).update();
        if (changed != 1) {
            return Decision.REFUSED;
        }
        jdbc.sql("UPDATE seckill_stock SET sold = sold - ?, version = version + 1 WHERE activity_id = ?")
                .params(target.quantity(), target.activityId()).update();
        outbox.addOnce("order", Long.toString(target.orderId()), "OrderCancelled", Long.toString(target.orderId()),
                Orders.event(target.orderId(), target.reservationId(), target.activityId(), "CANCELLED", reason));
        releases.record(target.orderId(), target.activityId(), target.reservationId(), txId);
        return coordinator.decideCommitWithin(List.of(txId)) ? Decision.CANCELLED : Decision.RACED;
    }

    private Optional<Target> target(long orderId) {
        return jdbc.sql("SELECT id, user_id, activity_id, reservation_id, quantity FROM orders WHERE id = ? AND status = 'AWAITING_PAYMENT'")
                .param(orderId)
                .query((r, n) -> new Target(r.getLong(1), r.getLong(2), r.getLong(3), r.getLong(4), r.getInt(5)))
                .optional();
    }
}

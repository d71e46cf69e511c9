package io.seckill.order.pipeline;

import io.seckill.kernel.id.IdGenerator;
import io.seckill.order.outbox.Outbox;
import io.seckill.tx.BusinessRefusal;
import io.seckill.tx.Participant;
import io.seckill.tx.TccFence;
import io.seckill.tx.TxContext;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongConsumer;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The MySQL branch (DESIGN.md §4). Try, in one local transaction: fence row TRIED, the conditional stock update
 * (the last guard against oversell) and the order row PREPARED. Confirm: AWAITING_PAYMENT with its payment
 * deadline, and {@code OrderCreated} in the outbox. Cancel: the never-shown PREPARED row is deleted and its units
 * go back to {@code seckill_stock}. Every step runs under the transaction's fenced lock and writes its token
 * into {@code orders.fence_token}; a step whose token is older than the row's is refused ({@link StaleFenceToken}).
 */
@Component
class OrderBranch implements Participant {

    static final String NAME = "order";
    private static final Duration LOCK_WAIT = Duration.ofSeconds(10);

    private final JdbcClient jdbc;
    private final TransactionTemplate local;
    private final TccFence fence;
    private final IdGenerator ids;
    private final Outbox outbox;
    private final Clock clock;
    private final PipelineSettings settings;
    private final FencedTransactions locks;

    OrderBranch(JdbcClient jdbc, TransactionTemplate local, TccFence fence, IdGenerator ids, Outbox outbox, Clock clock,
                PipelineSettings settings, FencedTransactions locks) {
        this.jdbc = jdbc;
        this.local = local;
        this.fence = fence;
        this.ids = ids;
        this.outbox = outbox;
        this.clock = clock;
        this.settings = settings;
        this.locks = locks;
    }

    /** A write refused because the order row carries a newer fencing token: this holder's lock has expired. */
    static class StaleFenceToken extends IllegalStateException {
        StaleFenceToken(String txId, long token) {
            super("fencing token " + token + " of " + txId + " is stale: a newer lock holder has written the order");
        }
    }

    @Override
    public String branch() {
        return NAME;
    }

    @Override
    public void tryPhase(TxContext tx) {
        fenced(tx, token -> tryPhase(tx, token));
    }

    @Override
    public void confirm(TxContext tx) {
        fenced(tx, token -> confirm(tx, token));
    }

    @Override
    public void cancel(TxContext tx) {
        fenced(tx, token -> cancel(tx, token));
    }

    /**
     * Runs a step holding the transaction's fenced lock: the caller's (consumer, scanner, admin rollback) when
     * this thread holds it, else its own for this step, so every caller of the branch is fenced.
     */
    private void fenced(TxContext tx, LongConsumer step) {
        locks.run(tx.txId(), LOCK_WAIT, () -> step.accept(locks.token(tx.txId())));
    }

    private void tryPhase(TxContext tx, long token) {
        Reservation r = Reservation.of(tx);
        local.executeWithoutResult(status -> {
            if (!fence.onTry(tx.txId(), NAME)) {
                return;
            }
            int taken = jdbc.sql("""
                    UPDATE seckill_stock SET sold = sold + ?, version = version + 1
                     WHERE activity_id = ? AND sold + ? <= total""")
                    .params(r.quantity(), r.activityId(), r.quantity()).update();
            if (taken == 0) {
                boolean known = jdbc.sql("SELECT COUNT(*) FROM seckill_stock WHERE activity_id = ?").param(r.activityId())
                        .query(Integer.class).single() > 0;
                throw known ? new BusinessRefusal("SOLD_OUT_IN_DATABASE", "the database stock of " + r.activityId() + " is exhausted")
                        : new BusinessRefusal("UNKNOWN_ACTIVITY", "no stock row for activity " + r.activityId());
            }
            try {
                jdbc.sql("""
                        INSERT INTO orders (id, reservation_id, user_id, activity_id, quantity, price, status, tx_id, fence_token)
                        VALUES (?, ?, ?, ?, ?, ?, 'PREPARED', ?, ?)""")
                        .params(ids.nextId(), r.reservationId(), r.userId(), r.activityId(), r.quantity(), r.unitPrice(),
                                tx.txId(), token)
                        .update();
            } catch (DuplicateKeyException e) {
                throw new BusinessRefusal("DUPLICATE_ORDER", "the buyer already has an order for activity " + r.activityId());
            }
        });
    }

    private void confirm(TxContext tx, long token) {
        Reservation r = Reservation.of(tx);
        local.executeWithoutResult(status -> {
            if (!fence.onConfirm(tx.txId(), NAME)) {
                return;
            }
            int confirmed = jdbc.sql("""
                    UPDATE orders SET status = 'AWAITING_PAYMENT', pay_deadline = ?, fence_token = ?
                     WHERE reservation_id = ? AND status = 'PREPARED' AND (fence_token IS NULL OR fence_token <= ?)""")
                    .params(Timestamp.from(clock.instant().plus(settings.paymentWindow())), token, r.reservationId(), token)
                    .update();
            if (confirmed == 0 && stillPrepared(r)) {
                throw new StaleFenceToken(tx.txId(), token); // and the fence step rolls back with it
            }
            long orderId = jdbc.sql("SELECT id FROM orders WHERE reservation_id = ?").param(r.reservationId())
                    .query(Long.class).single();
            outbox.addOnce("order", Long.toString(orderId), "OrderCreated", Long.toString(orderId), created(orderId, r));
        });
    }

    /** The payload of {@code OrderCreated} (seckill-api and the relay read it; the batch confirm writes the same). */
    static Map<String, Object> created(long orderId, Reservation r) {
        Map<String, Object> created = new LinkedHashMap<>();
        created.put("orderId", Long.toString(orderId));
        created.put("reservationId", Long.toString(r.reservationId()));
        created.put("activityId", Long.toString(r.activityId()));
        created.put("userId", Long.toString(r.userId()));
        created.put("quantity", r.quantity());
        created.put("price", r.unitPrice().toPlainString());
        created.put("status", "AWAITING_PAYMENT");
        return created;
    }

    private void cancel(TxContext tx, long token) {
        Reservation r = Reservation.of(tx);
        local.executeWithoutResult(status -> {
            if (!fence.onCancel(tx.txId(), NAME)) {
                return;
            }
            int deleted = jdbc.sql("""
                    DELETE FROM orders WHERE reservation_id = ? AND status = 'PREPARED'
                       AND (fence_token IS NULL OR fence_token <= ?)""")
                    .params(r.reservationId(), token).update();
            if (deleted == 0 && stillPrepared(r)) {
                throw new StaleFenceToken(tx.txId(), token);
            }
            if (deleted == 1) {
                jdbc.sql("UPDATE seckill_stock SET sold = sold - ?, version = version + 1 WHERE activity_id = ?")
                        .params(r.quantity(), r.activityId()).update();
            }
        });
    }

    private boolean stillPrepared(Reservation r) {
        return jdbc.sql("SELECT COUNT(*) FROM orders WHERE reservation_id = ? AND status = 'PREPARED'")
                .param(r.reservationId()).query(Integer.class).single() > 0;
    }
}

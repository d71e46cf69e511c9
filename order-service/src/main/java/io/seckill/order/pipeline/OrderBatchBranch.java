package io.seckill.order.pipeline;

import io.seckill.kernel.id.IdGenerator;
import io.seckill.order.outbox.Outbox;
import io.seckill.tx.TccFence;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The MySQL branch ({@link OrderBranch}) for a batch of fresh transactions: the same rows, written with a few
 * statements for all of them in one local transaction per step. It never refuses anyone itself: whatever it
 * cannot settle for the whole group (a stock guard that says no, a duplicate key) it rolls back and leaves to
 * {@link OrderBranch}, which refuses exactly the right ones, one by one. It writes its rows with
 * {@link #FENCE_TOKEN} instead of a lock's token ({@link BatchPipeline} takes no lock).
 */
@Component
class OrderBatchBranch {

    /**
     * The fencing token of the batch path's order rows: below every token of a {@code lock:tx} lock (Redisson's
     * counter starts at 1), so any driver holding a transaction's lock outranks the batch that began it, and the
     * batch's confirm, which moves only rows still carrying this token, then moves none.
     */
    static final long FENCE_TOKEN = 0;

    private final JdbcClient jdbc;
    private final TransactionTemplate local;
    private final TccFence fence;
    private final IdGenerator ids;
    private final Outbox outbox;
    private final Clock clock;
    private final PipelineSettings settings;

    OrderBatchBranch(JdbcClient jdbc, TransactionTemplate local, TccFence fence, IdGenerator ids, Outbox outbox, Clock clock,
                     PipelineSettings settings) {
        this.jdbc = jdbc;
        this.local = local;
        this.fence = fence;
        this.ids = ids;
        this.outbox = outbox;
        this.clock = clock;
        this.settings = settings;
    }

    /**
     * The try of every reservation (fence rows TRIED, one conditional stock update per activity for its summed
     * quantity, the order rows PREPARED with {@link #FENCE_TOKEN}), in one local transaction. When an activity's stock
     * guard says no, the local transaction rolls back and runs again without that activity's reservations; a
     * duplicate key (an order or fence row already there) rolls everything back. {@code alsoWithin} runs last
     * in the same local transaction (the coordinator's commit decision, written with this last try); when it
     * says no (another driver moved one of them), everything rolls back too.
     *
     * @return the order id of each reservation tried, by transaction id; the others were not tried
     */
    Map<String, Long> tryAll(List<Reservation> reservations, Predicate<List<String>> alsoWithin) {
        List<Reservation> remaining = new ArrayList<>(reservations);
        while (!remaining.isEmpty()) {
            Set<Long> refused = new TreeSet<>();
            List<Reservation> attempt = List.copyOf(remaining);
            Map<String, Long> tried;
            try {
                tried = local.execute(status -> {
                    Map<String, Long> orderIds = tryInOneTransaction(attempt, refused);
                    if (orderIds == null) {
                        status.setRollbackOnly();
                        return null;
                    }
                    if (!alsoWithin.test(List.copyOf(orderIds.keySet()))) {
                        status.setRollbackOnly();
                        return Map.<String, Long>of();
                    }
                    return orderIds;
                });
            } catch (DuplicateKeyException duplicate) {
                return Map.of();
            }
            if (tried != null) {
                return tried;
            }
            if (refused.isEmpty()) {
                return Map.of();
            }
            remaining.removeIf(r -> refused.contains(r.activityId()));
        }
        return Map.of();
    }

    /** @return the order ids, or null when a stock guard refused (its activities are then in {@code refused}) */
    private Map<String, Long> tryInOneTransaction(List<Reservation> reservations, Set<Long> refused) {
        fence.onTryAll(reservations.stream().map(Reservation::txId).toList(), OrderBranch.NAME);
        Map<Long, Integer> units = new TreeMap<>(); // in activity order: two batches never lock stock rows crosswise
        reservations.forEach(r -> units.merge(r.activityId(), r.quantity(), Integer::sum));
        units.forEach((activity, quantity) -> {
            int taken = jdbc.sql("""
                    UPDATE seckill_stock SET sold = sold + ?, version = version + 1
                     WHERE activity_id = ? AND sold + ? <= total""")
                    .params(quantity, activity, quantity).update();
            if (taken == 0) {
                refused.add(activity);
            }
        });
        if (!refused.isEmpty()) {
            return null;
        }
        Map<String, Long> orderIds = new LinkedHashMap<>();
        StringBuilder sql = new StringBuilder("""
                INSERT INTO orders (id, reservation_id, user_id, activity_id, quantity, price, status, tx_id, fence_token) VALUES """);
        List<Object> params = new ArrayList<>(reservations.size() * 8);
        for (Reservation r : reservations) {
            long orderId = ids.nextId();
            String txId = r.txId();
            orderIds.put(txId, orderId);
            sql.append(params.isEmpty() ? " " : ", ").append("(?, ?, ?, ?, ?, ?, 'PREPARED', ?, ?)");
            params.addAll(List.of(orderId, r.reservationId(), r.userId(), r.activityId(), r.quantity(), r.unitPrice(),
                    txId, FENCE_TOKEN));
        }
        jdbc.sql(sql.toString()).params(params).update();
        return orderIds;
    }

    /**
     * The confirm of every reservation, in one local transaction: fence TRIED → COMMITTED, the orders PREPARED →
     * AWAITING_PAYMENT (only where the row still carries {@link #FENCE_TOKEN}), {@code OrderCreated} for each into
     * the outbox, and last {@code alsoWithin} (the coordinator's COMMITTED, written with this last confirm). All or
     * nothing.
     *
     * @return false when any of them did not move (not TRIED any more, or a lock holder wrote its row):
     *         then nothing moved, and the caller hands them to {@link OrderBranch#confirm} one by one
     */
    boolean confirmAll(List<Reservation> reservations, Map<String, Long> orderIds, Predicate<List<String>> alsoWithin) {
        if (reservations.isEmpty()) {
            return true;
        }
        return Boolean.TRUE.equals(local.execute(status -> {
            if (!fence.onConfirmAll(reservations.stream().map(Reservation::txId).toList(), OrderBranch.NAME)
                    || confirmOrders(reservations) != reservations.size()) {
                status.setRollbackOnly();
                return false;
            }
            List<Outbox.NewEvent> created = new ArrayList<>(reservations.size());
            for (Reservation r : reservations) {
                long orderId = orderIds.get(r.txId());
                created.add(new Outbox.NewEvent(Long.toString(orderId), Long.toString(orderId), OrderBranch.created(orderId, r)));
            }
            outbox.addAllNew("order", "OrderCreated", created);
            if (!alsoWithin.test(reservations.stream().map(Reservation::txId).toList())) {
                status.setRollbackOnly();
                return false;
            }
            return true;
        }));
    }

    /** One statement; a row moves only while it carries the batch's token (as the single confirm's check). */
    private int confirmOrders(List<Reservation> reservations) {
        List<Object> params = new ArrayList<>(reservations.size() + 2);
        params.add(Timestamp.from(clock.instant().plus(settings.paymentWindow())));
        params.add(FENCE_TOKEN);
        reservations.forEach(r -> params.add(r.reservationId()));
        return jdbc.sql("UPDATE orders SET status = 'AWAITING_PAYMENT', pay_deadline = ? WHERE fence_token = ?"
                        + " AND status = 'PREPARED' AND reservation_id IN ("
                        + String.join(", ", Collections.nCopies(reservations.size(), "?")) + ")")
                .params(params).update();
    }
}

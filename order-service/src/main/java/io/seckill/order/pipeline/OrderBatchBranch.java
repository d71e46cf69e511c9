package io.seckill.order.pipeline;

import io.seckill.kernel.id.IdGenerator;
import io.seckill.order.outbox.Outbox;
import io.seckill.tx.TccFence;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
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
 * The MySQL branch ({@link OrderBranch}) for a batch of fresh transactions, tried and confirmed in one local
 * transaction together with the coordinator's commit decision: the order branch is the last resource (a local
 * transaction on the coordinator's own database, tried after every other branch), so its try can be its commit.
 * The rows are those {@link OrderBranch} leaves after its confirm (fence COMMITTED, order AWAITING_PAYMENT,
 * {@code OrderCreated} in the outbox), written with a few statements for all of them. It never refuses anyone
 * itself: whatever it cannot settle for the whole group (a stock guard that says no, a duplicate key, a
 * transaction another driver moved) it rolls back and leaves to {@link OrderBranch}, which refuses exactly the
 * right ones, one by one. It writes its rows with {@link #FENCE_TOKEN} instead of a lock's token
 * ({@link BatchPipeline} takes no lock).
 */
@Component
class OrderBatchBranch {

    /**
     * The fencing token of the batch path's order rows: below every token of a {@code lock:tx} lock (Redisson's
     * counter starts at 1), so any driver holding a transaction's lock outranks the batch that began it: none of
     * its steps on such a row is refused as stale.
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
     * The try and confirm of every reservation in one local transaction: fence rows COMMITTED, one conditional stock
     * update per activity for its summed quantity, the orders AWAITING_PAYMENT with their payment deadline,
     * {@code OrderCreated} for each into the outbox, and last {@code decision} (the coordinator's TRYING →
     * COMMITTING for all of them). When an activity's stock guard says no, the local transaction rolls back and
     * runs again without that activity's reservations; a duplicate key (an order or fence row already there) or a
     * decision that says no (another driver moved one of them) rolls everything back.
     *
     * @return the order id of each reservation committed, by transaction id; the others were not tried
     */
    Map<String, Long> commitAll(List<Reservation> reservations, Predicate<List<String>> decision) {
        List<Reservation> remaining = new ArrayList<>(reservations);
        while (!remaining.isEmpty()) {
            Set<Long> refused = new TreeSet<>();
            List<Reservation> attempt = List.copyOf(remaining);
            Map<String, Long> committed;
            try {
                committed = local.execute(status -> {
                    Map<String, Long> orderIds = commitInOneTransaction(attempt, refused);
                    if (orderIds == null) {
                        status.setRollbackOnly();
                        return null;
                    }
                    if (!decision.test(List.copyOf(orderIds.keySet()))) {
                        status.setRollbackOnly();
                        return Map.<String, Long>of();
                    }
                    return orderIds;
                });
            } catch (DuplicateKeyException duplicate) {
                return Map.of();
            }
            if (committed != null) {
                return committed;
            }
            if (refused.isEmpty()) {
                return Map.of();
            }
            remaining.removeIf(r -> refused.contains(r.activityId()));
        }
        return Map.of();
    }

    /** @return the order ids, or null when a stock guard refused (its activities are then in {@code refused}) */
    private Map<String, Long> commitInOneTransaction(List<Reservation> reservations, Set<Long> refused) {
        fence.onCommitAll(reservations.stream().map(Reservation::txId).toList(), OrderBranch.NAME);
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
        Timestamp payDeadline = Timestamp.from(clock.instant().plus(settings.paymentWindow()));
        Map<String, Long> orderIds = new LinkedHashMap<>();
        List<Outbox.NewEvent> created = new ArrayList<>(reservations.size());
        StringBuilder sql = new StringBuilder("""
                INSERT INTO orders (id, reservation_id, user_id, activity_id, quantity, price, status, tx_id, fence_token,
                                    pay_deadline) VALUES """);
        List<Object> params = new ArrayList<>(reservations.size() * 9);
        for (Reservation r : reservations) {
            long orderId = ids.nextId();
            orderIds.put(r.txId(), orderId);
            sql.append(params.isEmpty() ? " " : ", ").append("(?, ?, ?, ?, ?, ?, 'AWAITING_PAYMENT', ?, ?, ?)");
            params.addAll(List.of(orderId, r.reservationId(), r.userId(), r.activityId(), r.quantity(), r.unitPrice(),
                    r.txId(), FENCE_TOKEN, payDeadline));
            created.add(new Outbox.NewEvent(Long.toString(orderId), Long.toString(orderId), OrderBranch.created(orderId, r)));
        }
        jdbc.sql(sql.toString()).params(params).update();
        outbox.addAllNew("order", "OrderCreated", created);
        return orderIds;
    }
}

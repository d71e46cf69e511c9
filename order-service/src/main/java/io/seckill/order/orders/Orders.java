package io.seckill.order.orders;

import io.seckill.kernel.error.ApiException;
import io.seckill.kernel.money.Money;
import io.seckill.order.outbox.Outbox;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The order state machine after creation (DESIGN.md §4): AWAITING_PAYMENT → PAID | CANCELLED(USER, TIMEOUT).
 * Every transition is {@code UPDATE … WHERE status = ?} and acts only when exactly one row changed, so a payment
 * racing the timeout has exactly one winner. A cancellation is a global transaction ({@link Cancellations}): the
 * units go back to MySQL with the decision and then to Redis (retried until Redis takes them, exactly once); the
 * buyer slot stays taken.
 */
@Service
class Orders {

    private static final String COLUMNS = "id, reservation_id, activity_id, quantity, price, status, created_at,"
            + " pay_deadline, paid_at, cancelled_at, cancel_reason, user_id";

    private final JdbcClient jdbc;
    private final TransactionTemplate local;
    private final Cancellations cancellations;
    private final Outbox outbox;
    private final Clock clock;

    Orders(JdbcClient jdbc, TransactionTemplate local, Cancellations cancellations, Outbox outbox, Clock clock) {
        this.jdbc = jdbc;
        this.local = local;
        this.cancellations = cancellations;
        this.outbox = outbox;
        this.clock = clock;
    }

    record Page(List<Order> items, int page, int size, long total) {
    }

    /** The buyer's orders, newest first; PREPARED orders are never shown (they may still roll back). */
    Page mine(long userId, int page, int size) {
        long total = jdbc.sql("SELECT COUNT(*) FROM orders WHERE user_id = ? AND status <> 'PREPARED'")
                .param(userId).query(Long.class).single();
        List<Order> items = jdbc.sql("SELECT " + COLUMNS + " FROM orders WHERE user_id = ? AND status <> 'PREPARED'"
                        + " ORDER BY created_at DESC, id DESC LIMIT ? OFFSET ?")
                .params(userId, size, (long) page * size).query(Orders::map).list();
        return new Page(items, page, size, total);
    }

    Order mine(long userId, long orderId) {
        return find(orderId).filter(row -> row.userId() == userId && !row.order().status().equals("PREPARED"))
                .map(Row::order).orElseThrow(() -> ApiException.notFound("order " + orderId));
    }

    Order pay(long userId, long orderId) {
        Order order = mine(userId, orderId);
        Instant now = clock.instant();
        Boolean paid = local.execute(status -> {
            int changed = jdbc.sql("""
                    UPDATE orders SET status = 'PAID', paid_at = ?, version = version + 1
                     WHERE id = ? AND user_id = ? AND status = 'AWAITING_PAYMENT' AND pay_deadline > ?""")
                    .params(Timestamp.from(now), orderId, userId, Timestamp.from(now)).update();
            if (changed == 1) {
                outbox.addOnce("order", Long.toString(orderId), "OrderPaid", Long.toString(orderId), event(order, "PAID", null));
            }
            return changed == 1;
        });
        if (!Boolean.TRUE.equals(paid)) {
            throw new ApiException(OrderProblem.ORDER_STATE, "order " + orderId + " is " + mine(userId, orderId).status()
                    + (order.status().equals("AWAITING_PAYMENT") ? " or its payment window has passed" : "") + ": it cannot be paid");
        }
        return mine(userId, orderId);
    }

    Order cancelByBuyer(long userId, long orderId) {
        mine(userId, orderId);
        if (!cancel(orderId, "USER")) {
            throw new ApiException(OrderProblem.ORDER_STATE, "order " + orderId + " is " + mine(userId, orderId).status()
                    + ": it cannot be cancelled");
        }
        return mine(userId, orderId);
    }

    /** AWAITING_PAYMENT → CANCELLED(reason) through the coordinator ({@link Cancellations}). @return false when it was not awaiting payment */
    boolean cancel(long orderId, String reason) {
        return cancellations.cancel(orderId, reason);
    }

    /** Orders past their payment window (the timeout job's input). */
    List<Long> overdue(int limit) {
        return jdbc.sql("SELECT id FROM orders WHERE status = 'AWAITING_PAYMENT' AND pay_deadline < ? ORDER BY pay_deadline LIMIT ?")
                .params(Timestamp.from(clock.instant()), limit).query(Long.class).list();
    }

    private Optional<Row> find(long orderId) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM orders WHERE id = ?").param(orderId)
                .query((r, n) -> new Row(map(r, n), r.getLong(12))).optional();
    }

    private record Row(Order order, long userId) {
    }

    private static Map<String, Object> event(Order order, String status, String reason) {
        return event(Long.parseLong(order.id()), Long.parseLong(order.reservationId()), Long.parseLong(order.activityId()),
                status, reason);
    }

    /** The payload of {@code OrderPaid} / {@code OrderCancelled} (ids as strings, as every id in the API). */
    static Map<String, Object> event(long orderId, long reservationId, long activityId, String status, String reason) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("orderId", Long.toString(orderId));
        payload.put("reservationId", Long.toString(reservationId));
        payload.put("activityId", Long.toString(activityId));
        payload.put("status", status);
        if (reason != null) {
            payload.put("reason", reason);
        }
        return payload;
    }

    private static Order map(ResultSet r, int rowNum) throws SQLException {
        return new Order(Long.toString(r.getLong(1)), Long.toString(r.getLong(2)), Long.toString(r.getLong(3)), r.getInt(4),
                Money.of(r.getBigDecimal(5)), r.getString(6), instant(r, 7), instant(r, 8), instant(r, 9), instant(r, 10),
                r.getString(11));
    }

    private static Instant instant(ResultSet r, int column) throws SQLException {
        Timestamp value = r.getTimestamp(column);
        return value == null ? null : value.toInstant();
    }
}

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
 * racing the timeout has exactly one winner. A cancellation returns the units to MySQL (same local transaction)
 * and then to Redis through {@link PendingReleases} (retried until Redis takes it, exactly once); the buyer slot
 * stays taken.
 */
@Service
class Orders {

    private static final String COLUMNS = "id, reservation_id, activity_id, quantity, price, status, created_at,"
            + " pay_deadline, paid_at, cancelled_at, cancel_reason, user_id";

    private final JdbcClient jdbc;
    private final TransactionTemplate local;
    private final PendingReleases releases;
    private final Outbox outbox;
    private final Clock clock;

    Orders(JdbcClient jdbc, TransactionTemplate local, PendingReleases releases, Outbox outbox, Clock clock) {
        this.jdbc = jdbc;
        this.local = local;
        this.releases = releases;
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

    /** AWAITING_PAYMENT → CANCELLED(reason), units back to MySQL then Redis. @return false when it was not awaiting payment */
    boolean cancel(long orderId, String reason) {
        Row row = find(orderId).orElse(null);
        if (row == null) {
            return false;
        }
        Instant now = clock.instant();
        Boolean cancelled = local.execute(status -> {
            int changed = jdbc.sql("""
                    UPDATE orders SET status = 'CANCELLED', cancelled_at = ?, cancel_reason = ?, version = version + 1
                     WHERE id = ? AND status = 'AWAITING_PAYMENT'""")
                    .params(Timestamp.from(now), reason, orderId).update();
            if (changed == 1) {
                jdbc.sql("UPDATE seckill_stock SET sold = sold - ?, version = version + 1 WHERE activity_id = ?")
                        .params(row.order().quantity(), Long.parseLong(row.order().activityId())).update();
                outbox.addOnce("order", Long.toString(orderId), "OrderCancelled", Long.toString(orderId),
                        event(row.order(), "CANCELLED", reason));
                releases.record(orderId, Long.parseLong(row.order().activityId()), Long.parseLong(row.order().reservationId()));
            }
            return changed == 1;
        });
        if (Boolean.TRUE.equals(cancelled)) {
            releases.release(orderId);
        }
        return Boolean.TRUE.equals(cancelled);
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
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("orderId", order.id());
        payload.put("reservationId", order.reservationId());
        payload.put("activityId", order.activityId());
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

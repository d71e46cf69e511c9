package io.seckill.order.admin;

import io.seckill.kernel.error.ApiException;
import io.seckill.kernel.error.ErrorCode;
import jakarta.servlet.http.HttpServletRequest;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/admin/orders}: search by buyer, activity, status and creation time (permission order:read). */
@RestController
class OrderAdminController {

    private static final Set<String> STATUSES = Set.of("PREPARED", "AWAITING_PAYMENT", "PAID", "CANCELLED");

    private final JdbcClient jdbc;

    OrderAdminController(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    record AdminOrder(String id, String reservationId, String userId, String activityId, int quantity, String price,
                      String status, Instant createdAt, String txId) {
    }

    record Page(List<AdminOrder> items, int page, int size, long total) {
    }

    @GetMapping("/api/admin/orders")
    Page search(@RequestParam(required = false) Long userId, @RequestParam(required = false) Long activityId,
                @RequestParam(required = false) String status,
                @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant from,
                @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant to,
                @RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "20") int size,
                HttpServletRequest request) {
        AdminSecurity.admin(request, "order:read");
        Paging.check(page, size);
        if (status != null && !STATUSES.contains(status)) {
            throw new ApiException(ErrorCode.VALIDATION_FAILED, "status is one of " + STATUSES);
        }
        StringBuilder where = new StringBuilder(" WHERE 1 = 1");
        List<Object> params = new ArrayList<>();
        add(where, params, " AND user_id = ?", userId);
        add(where, params, " AND activity_id = ?", activityId);
        add(where, params, " AND status = ?", status);
        add(where, params, " AND created_at >= ?", from == null ? null : Timestamp.from(from));
        add(where, params, " AND created_at < ?", to == null ? null : Timestamp.from(to));
        long total = jdbc.sql("SELECT COUNT(*) FROM orders" + where).params(params).query(Long.class).single();
        List<Object> pageParams = new ArrayList<>(params);
        pageParams.add(size);
        pageParams.add((long) page * size);
        List<AdminOrder> items = jdbc.sql("SELECT id, reservation_id, user_id, activity_id, quantity, price, status, created_at, tx_id"
                        + " FROM orders" + where + " ORDER BY created_at DESC, id DESC LIMIT ? OFFSET ?")
                .params(pageParams)
                .query((r, n) -> new AdminOrder(Long.toString(r.getLong(1)), Long.toString(r.getLong(2)), Long.toString(r.getLong(3)),
                        Long.toString(r.getLong(4)), r.getInt(5), r.getBigDecimal(6).toPlainString(), r.getString(7),
                        r.getTimestamp(8).toInstant(), r.getString(9)))
                .list();
        return new Page(items, page, size, total);
    }

    private static void add(StringBuilder where, List<Object> params, String clause, Object value) {
        if (value != null) {
            where.append(clause);
            params.add(value);
        }
    }

    /** Shared paging bounds of the admin lists. */
    static final class Paging {
        static final int MAX_SIZE = 100;

        private Paging() {
        }

        static void check(int page, int size) {
            if (page < 0 || size < 1 || size > MAX_SIZE) {
                throw new ApiException(ErrorCode.VALIDATION_FAILED, "page >= 0 and 1 <= size <= " + MAX_SIZE);
            }
        }
    }

}

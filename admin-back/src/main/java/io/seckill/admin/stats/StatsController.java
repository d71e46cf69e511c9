package io.seckill.admin.stats;

import io.seckill.admin.catalog.Activities;
import io.seckill.admin.security.RequiresPermission;
import io.seckill.stock.StockLedger;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/admin/activities/{id}/stats} (activity:read): the stock ledger of DESIGN.md §1.4 for one activity,
 * {@code ledgerDrift = total − (redisAvailable + pendingReservations + live order units)}, which must be 0.
 * {@code orders} is read from order-service's table for reporting only. Before the preheat there is no Redis side:
 * {@code preheated} is false and the drift is null. Archived unresolved reservations (order-compensation's table)
 * are not counted yet, so an activity with such an archive shows their units as drift.
 */
@RestController
class StatsController {

    private static final List<String> LIVE = List.of("PREPARED", "AWAITING_PAYMENT", "PAID");

    record Stats(String activityId, int total, long redisAvailable, long pendingReservations,
                 Map<String, Long> orders, long liveOrderUnits, boolean preheated, Long ledgerDrift) {
    }

    private record StatusCount(String status, long orders, long units) {
    }

    private final Activities activities;
    private final StockLedger ledger;
    private final JdbcClient jdbc;
    private final Clock clock;

    StatsController(Activities activities, StockLedger ledger, JdbcClient jdbc, Clock clock) {
        this.activities = activities;
        this.ledger = ledger;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    @RequiresPermission("activity:read")
    @GetMapping("/api/admin/activities/{id}/stats")
    Stats stats(@PathVariable long id) {
        Activities.View activity = activities.find(id, clock.instant(), false);
        int total = jdbc.sql("SELECT total FROM seckill_stock WHERE activity_id = ?").param(id).query(Integer.class)
                .optional().orElse(activity.totalStock());
        List<StatusCount> counts = jdbc.sql("SELECT status, COUNT(*), COALESCE(SUM(quantity), 0) FROM orders"
                        + " WHERE activity_id = ? GROUP BY status ORDER BY status")
                .param(id).query((r, n) -> new StatusCount(r.getString(1), r.getLong(2), r.getLong(3))).list();
        Map<String, Long> orders = new LinkedHashMap<>();
        counts.forEach(c -> orders.put(c.status(), c.orders()));
        long liveUnits = counts.stream().filter(c -> LIVE.contains(c.status())).mapToLong(StatusCount::units).sum();
        Map<Object, Object> stock = ledger.stock(id);
        boolean preheated = stock.get("available") != null;
        long available = preheated ? number(stock.get("available")) : 0;
        long pending = number(stock.get("pending"));
        Long drift = preheated ? total - (available + pending + liveUnits) : null;
        return new Stats(Long.toString(id), total, available, pending, orders, liveUnits, preheated, drift);
    }

    private static long number(Object value) {
        return value == null ? 0 : Long.parseLong(value.toString());
    }
}

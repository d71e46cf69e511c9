package io.seckill.compensation.ledger;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.seckill.compensation.alert.Alert;
import io.seckill.compensation.alert.Alerts;
import io.seckill.compensation.archive.ArchiveStore;
import io.seckill.compensation.archive.ArchivedOrder;
import io.seckill.compensation.sweeper.WatchedActivities;
import io.seckill.kernel.settings.RuntimeSettings;
import io.seckill.stock.StockLedger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The ledger of DESIGN.md §1.4, per watched activity, exported as {@code seckill_stock_ledger_drift{activity,
 * ledger}}: {@code full} = total − (Redis available + pending reservations + live order units + unresolved
 * archives), {@code mysql} = sold − live order units. Both must be 0. Redis and MySQL are read one after the
 * other while orders move between them, so a single non-zero reading can be a passing state: the alert (through
 * the alert channels, URGENT) fires only when the same drift is seen twice in a row, and only above the
 * {@code reconciler.alert-drift-threshold} setting (default 0).
 *
 * <p>An archived reservation counts as "archived unresolved" only while it is in no other place of the ledger:
 * a transient failure keeps its reservation in Redis (still PENDING or PREPARED, so in {@code pending}) or its
 * order row may exist already; counting it twice would report a drift for a consistent activity (DESIGN.md
 * §1.3: every reservation is in exactly one place).
 */
@Component
public class LedgerReconciler {

    private static final Logger log = LoggerFactory.getLogger(LedgerReconciler.class);

    private final WatchedActivities activities;
    private final StockLedger ledger;
    private final JdbcClient jdbc;
    private final MultiGauge drift;
    private final ArchiveStore archives;
    private final Alerts alerts;
    private final Map<String, Long> previous = new HashMap<>();
    private final RuntimeSettings settings;

    LedgerReconciler(WatchedActivities activities, StockLedger ledger, JdbcClient jdbc, MeterRegistry meters,
                     ArchiveStore archives, Alerts alerts, RuntimeSettings settings) {
        this.settings = settings;
        this.archives = archives;
        this.alerts = alerts;
        this.activities = activities;
        this.ledger = ledger;
        this.jdbc = jdbc;
        this.drift = MultiGauge.builder("seckill.stock.ledger.drift")
                .description("units unaccounted for by the stock ledger; must be 0").register(meters);
    }

    /** One activity's two drifts. */
    public record Drift(long activityId, long full, long mysql) {
    }

    @Scheduled(fixedDelayString = "${seckill.reconciler.interval:15s}")
    public void reconcileAll() {
        List<MultiGauge.Row<?>> rows = new ArrayList<>();
        List<WatchedActivities.Watched> watched;
        try {
            watched = activities.all();
        } catch (RuntimeException e) {
            log.warn("reconciler paused, activities unreadable: {}", e.toString());
            return;
        }
        for (WatchedActivities.Watched activity : watched) {
            try {
                Drift d = reconcile(activity.id());
                if (d == null) {
                    continue;
                }
                rows.add(MultiGauge.Row.of(Tags.of("activity", Long.toString(d.activityId()), "ledger", "full"), d.full()));
                rows.add(MultiGauge.Row.of(Tags.of("activity", Long.toString(d.activityId()), "ledger", "mysql"), d.mysql()));
                alertIfPersistent(d.activityId() + ":full", d.full());
                alertIfPersistent(d.activityId() + ":mysql", d.mysql());
            } catch (RuntimeException e) {
                log.warn("reconciling activity {} failed: {}", activity.id(), e.toString());
            }
        }
        drift.register(rows, true);
    }

    /** @return null when the activity has no stock row or is not preheated yet */
    public Drift reconcile(long activityId) {
        Map<String, Object> db = jdbc.sql("SELECT total, sold FROM seckill_stock WHERE activity_id = ?").param(activityId)
                .query().listOfRows().stream().findFirst().orElse(null);
        Map<Object, Object> redis = ledger.stock(activityId);
        if (db == null || redis.isEmpty()) {
            return null;
        }
        long total = ((Number) db.get("total")).longValue();
        long sold = ((Number) db.get("sold")).longValue();
        long live = jdbc.sql("SELECT COALESCE(SUM(quantity), 0) FROM orders WHERE activity_id = ? AND status <> 'CANCELLED'")
                .param(activityId).query(Long.class).single();
        long archived = archivedOnly(activityId);
        long available = Long.parseLong((String) redis.get("available"));
        long pending = Long.parseLong((String) redis.getOrDefault("pending", "0"));
        long inBoth = preparedStillPending(activityId);
        return new Drift(activityId, total - (available + pending + (live - inBoth) + archived), sold - live);
    }

    /**
     * Units held by an order row whose reservation is still PENDING/PREPARED in Redis: between a transaction's
     * try and its reservation's confirm both ledgers hold the same units, and the full ledger must count them once
     * (a transaction hanging until its 300 s deadline would otherwise look like a drift and raise an alert). On the
     * per-order path that is a PREPARED order; on order-service's batch path, whose order branch is tried and
     * confirmed in one step before the reservation is confirmed, a live order of a transaction still COMMITTING.
     */
    private long preparedStillPending(long activityId) {
        long units = 0;
        for (Map<String, Object> row : jdbc.sql("""
                        SELECT reservation_id, quantity FROM orders WHERE activity_id = ? AND status = 'PREPARED'
                        UNION ALL
                        SELECT o.reservation_id, o.quantity FROM tx_log t JOIN orders o ON o.reservation_id = t.reservation_id
                         WHERE t.state = 'COMMITTING' AND t.activity_id = ? AND o.status NOT IN ('PREPARED', 'CANCELLED')""")
                .params(activityId, activityId).query().listOfRows()) {
            Object state = ledger.reservation(activityId, ((Number) row.get("reservation_id")).longValue()).get("state");
            if ("PENDING".equals(state) || "PREPARED".equals(state)) {
                units += ((Number) row.get("quantity")).longValue();
            }
        }
        return units;
    }

    /** Units of open archives whose reservation is neither pending in Redis nor held by a live order. */
    private long archivedOnly(long activityId) {
        long units = 0;
        for (ArchivedOrder open : archives.open(activityId)) {
            Object state = ledger.reservation(activityId, open.reservationId()).get("state");
            if ("PENDING".equals(state) || "PREPARED".equals(state) || open.quantity() == null) {
                continue;
            }
            boolean ordered = jdbc.sql("SELECT COUNT(*) FROM orders WHERE reservation_id = ? AND status <> 'CANCELLED'")
                    .param(open.reservationId()).query(Long.class).single() > 0;
            if (!ordered) {
                units += open.quantity();
            }
        }
        return units;
    }

    private void alertIfPersistent(String key, long value) {
        Long before = previous.put(key, value);
        // reconciler.alert-drift-threshold (admin setting, default 0): drifts of at most this many units are
        // exported but not alerted, for an operator who must silence a known, explained drift for a while.
        long threshold = Math.max(0, settings.longValue("reconciler.alert-drift-threshold", 0));
        if (Math.abs(value) > threshold && before != null && before == value) {
            log.error("stock ledger drift {} on {} (seen twice in a row)", value, key);
            alerts.raise(new Alert(Alert.Severity.URGENT, "ledger-drift:" + key + ":" + value, "Stock ledger drift " + value,
                    "Activity " + key + ": the stock ledger (DESIGN.md §1.4) is off by " + value
                            + " unit(s) in two readings in a row. See the reconciliation runbook in docs/compensation.md."));
        }
    }
}

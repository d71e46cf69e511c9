package io.seckill.admin.preheat;

import io.seckill.admin.audit.AdminAudit;
import io.seckill.admin.catalog.Activities;
import io.seckill.admin.catalog.CatalogEvents;
import io.seckill.admin.security.RequiresPermission;
import io.seckill.kernel.error.ApiException;
import io.seckill.kernel.error.Problem;
import io.seckill.kernel.error.ProblemCode;
import io.seckill.stock.StockLedger;
import io.seckill.stock.StockPlan;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.redisson.api.RLock;
import org.redisson.api.RedissonClient;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/admin/activities/{id}/preheat} (activity:preheat): loads the activity's stock and rules into the
 * stock Redis through {@link StockLedger#preheat} (available = total − live order units − pending reservations)
 * and makes a DRAFT activity SCHEDULED, i.e. visible to buyers as upcoming.
 * <p>
 * Idempotent, and never a blind overwrite: under a Redisson lock per activity, a stock hash that already holds the
 * activity's current terms is left as it is. Recomputing it would race order-service, which moves units from
 * "pending" (Redis) to "sold" (MySQL) in two steps: a MySQL read and a Redis read taken between those steps count
 * the same units twice or not at all. The hash is (re)built only when it is missing or its terms changed, which can
 * happen only while the activity is not live (no reservation in flight).
 */
@RestController
class PreheatController {

    static final ProblemCode PREHEAT_BUSY = new Problem("PREHEAT_BUSY", HttpStatus.CONFLICT,
            "Another preheat of this activity is running");
    static final ProblemCode ACTIVITY_CLOSED = new Problem("ACTIVITY_CLOSED", HttpStatus.CONFLICT,
            "The activity has ended or was cancelled");
    private static final Duration LOCK_WAIT = Duration.ofSeconds(10);

    record Preheated(String activityId, int total, long available) {
    }

    private final Activities activities;
    private final StockLedger ledger;
    private final RedissonClient redisson;
    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final AdminAudit audit;
    private final CatalogEvents events;
    private final Clock clock;

    PreheatController(Activities activities, StockLedger ledger, RedissonClient redisson, JdbcClient jdbc,
                      TransactionTemplate tx, AdminAudit audit, CatalogEvents events, Clock clock) {
        this.activities = activities;
        this.ledger = ledger;
        this.redisson = redisson;
        this.jdbc = jdbc;
        this.tx = tx;
        this.audit = audit;
        this.events = events;
        this.clock = clock;
    }

    @RequiresPermission("activity:preheat")
    @PostMapping("/api/admin/activities/{id}/preheat")
    Preheated preheat(@PathVariable long id, HttpServletRequest request) throws InterruptedException {
        activities.find(id, clock.instant(), false); // 404 before taking a lock for an id that does not exist
        RLock lock = redisson.getLock("lock:preheat:{a:" + id + "}");
        if (!lock.tryLock(LOCK_WAIT.toMillis(), TimeUnit.MILLISECONDS)) { // no lease: the watchdog renews it
            throw new ApiException(PREHEAT_BUSY, "activity " + id + " is being preheated; try again");
        }
        try {
            return tx.execute(status -> load(id, request));
        } finally {
            lock.unlock();
        }
    }

    private Preheated load(long id, HttpServletRequest request) {
        Instant now = clock.instant();
        Activities.View activity = activities.find(id, now, true);
        if ("ENDED".equals(activity.status()) || "CANCELLED".equals(activity.status())) {
            throw new ApiException(ACTIVITY_CLOSED, "activity " + id + " is " + activity.status());
        }
        long sold = jdbc.sql("SELECT sold FROM seckill_stock WHERE activity_id = ?").param(id).query(Long.class)
                .optional().orElseThrow(() -> new IllegalStateException("activity " + id + " has no seckill_stock row"));
        StockPlan plan = new StockPlan(id, activity.totalStock(), activity.perUserLimit(), activity.startTime(),
                activity.endTime(), sold);
        Map<Object, Object> before = ledger.stock(id);
        long available = holds(before, plan)
                ? Long.parseLong(before.get("available").toString())
                : ledger.preheat(plan).available();
        if ("DRAFT".equals(activity.storedStatus())) {
            jdbc.sql("UPDATE seckill_activities SET status = 'SCHEDULED', version = version + 1 WHERE id = ?")
                    .param(id).update();
        }
        Preheated result = new Preheated(Long.toString(id), plan.total(), available);
        audit.record(request, "ACTIVITY_PREHEAT", "activity", id,
                Map.of("status", activity.storedStatus(), "redis", before), result);
        events.activityChanged(id);
        return result;
    }

    /** Whether the stock hash already carries exactly these terms (the preheat script's fields). */
    private static boolean holds(Map<Object, Object> stock, StockPlan plan) {
        return !stock.isEmpty() && stock.get("available") != null
                && String.valueOf(plan.total()).equals(stock.get("total"))
                && String.valueOf(plan.perUserLimit()).equals(stock.get("limit"))
                && String.valueOf(plan.start().toEpochMilli()).equals(stock.get("start"))
                && String.valueOf(plan.end().toEpochMilli()).equals(stock.get("end"));
    }
}

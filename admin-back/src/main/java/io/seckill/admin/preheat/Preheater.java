package io.seckill.admin.preheat;

import io.seckill.admin.catalog.Activities;
import io.seckill.admin.catalog.CatalogEvents;
import io.seckill.kernel.error.ApiException;
import io.seckill.kernel.error.Problem;
import io.seckill.kernel.error.ProblemCode;
import io.seckill.stock.StockLedger;
import io.seckill.stock.StockPlan;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.redisson.api.RLock;
import org.redisson.api.RedissonClient;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Loads an activity's stock and rules into the stock Redis through {@link StockLedger#preheat} (available = total −
 * live order units − pending reservations), after {@link RedisRebuild} when Redis holds no stock hash for it, and
 * makes a DRAFT activity SCHEDULED. The one code path of the manual
 * preheat ({@link PreheatController}) and the scheduled one ({@link ScheduledPreheat}).
 * <p>
 * Idempotent, and never a blind overwrite: under a Redisson lock per activity (shared by every admin-back
 * instance), a stock hash that already holds the activity's current terms is left as it is. Recomputing it would
 * race order-service, which moves units from "pending" (Redis) to "sold" (MySQL) in two steps: a MySQL read and a
 * Redis read taken between those steps count the same units twice or not at all. The hash is (re)built only when
 * it is missing or its terms changed, which can happen only while the activity is not live.
 */
@Component
class Preheater {

    static final ProblemCode PREHEAT_BUSY = new Problem("PREHEAT_BUSY", HttpStatus.CONFLICT,
            "Another preheat of this activity is running");
    static final ProblemCode ACTIVITY_CLOSED = new Problem("ACTIVITY_CLOSED", HttpStatus.CONFLICT,
            "The activity has ended or was cancelled");
    private static final Duration LOCK_WAIT = Duration.ofSeconds(10);

    record Preheated(String activityId, int total, long available) {
    }

    /** Writes the audit row of a preheat, inside its transaction; {@code changed}: Redis or the status was written. */
    interface Audit {
        void record(Map<String, Object> before, Preheated after, boolean changed);
    }

    private final Activities activities;
    private final StockLedger ledger;
    private final RedissonClient redisson;
    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final CatalogEvents events;
    private final Clock clock;
    private final RedisRebuild rebuild;

    Preheater(Activities activities, StockLedger ledger, RedissonClient redisson, JdbcClient jdbc,
              TransactionTemplate tx, CatalogEvents events, Clock clock, RedisRebuild rebuild) {
        this.rebuild = rebuild;
        this.activities = activities;
        this.ledger = ledger;
        this.redisson = redisson;
        this.jdbc = jdbc;
        this.tx = tx;
        this.events = events;
        this.clock = clock;
    }

    /** @throws ApiException 404, 409 ACTIVITY_CLOSED, 409 PREHEAT_BUSY when the lock stays taken for 10 s */
    Preheated preheat(long id, Audit audit) throws InterruptedException {
        activities.find(id, clock.instant(), false); // 404 before taking a lock for an id that does not exist
        RLock lock = redisson.getLock("lock:preheat:{a:" + id + "}");
        if (!lock.tryLock(LOCK_WAIT.toMillis(), TimeUnit.MILLISECONDS)) { // no lease: the watchdog renews it
            throw new ApiException(PREHEAT_BUSY, "activity " + id + " is being preheated; try again");
        }
        try {
            return tx.execute(status -> load(id, audit));
        } finally {
            lock.unlock();
        }
    }

    /** Whether the stock hash already carries the activity's current terms: a preheat would change nothing. */
    boolean preheated(long id) {
        Activities.View activity = activities.find(id, clock.instant(), false);
        return holds(ledger.stock(id), activity.totalStock(), activity.perUserLimit(), activity.startTime(), activity.endTime());
    }

    private Preheated load(long id, Audit audit) {
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
        boolean holds = holds(before, plan.total(), plan.perUserLimit(), plan.start(), plan.end());
        if (before.isEmpty()) {
            rebuild.restoreIfLost(id); // first preheat, or Redis lost the activity: its buyers and orders come back first
        }
        long available = holds ? Long.parseLong(before.get("available").toString()) : ledger.preheat(plan).available();
        boolean draft = "DRAFT".equals(activity.storedStatus());
        if (draft) {
            jdbc.sql("UPDATE seckill_activities SET status = 'SCHEDULED', version = version + 1 WHERE id = ?")
                    .param(id).update();
        }
        Preheated result = new Preheated(Long.toString(id), plan.total(), available);
        audit.record(Map.of("status", activity.storedStatus(), "redis", before), result, !holds || draft);
        events.activityChanged(id);
        return result;
    }

    /** Whether the stock hash carries exactly these terms (the preheat script's fields). */
    private static boolean holds(Map<Object, Object> stock, int total, int limit, Instant start, Instant end) {
        return !stock.isEmpty() && stock.get("available") != null
                && String.valueOf(total).equals(stock.get("total"))
                && String.valueOf(limit).equals(stock.get("limit"))
                && String.valueOf(start.toEpochMilli()).equals(stock.get("start"))
                && String.valueOf(end.toEpochMilli()).equals(stock.get("end"));
    }
}

package io.seckill.admin.preheat;

import io.seckill.admin.audit.AdminAudit;
import io.seckill.admin.catalog.Activities;
import io.seckill.admin.catalog.CatalogEvents;
import io.seckill.admin.security.RequiresPermission;
import io.seckill.kernel.error.ApiException;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/admin/activities/{id}/schedule} (activity:write): publishes a DRAFT as SCHEDULED (upcoming for
 * buyers, who see the total as remaining until the preheat) without loading Redis yet; {@link ScheduledPreheat}
 * loads it {@code activity.preheat-lead-minutes} before the start. Idempotent: an activity already SCHEDULED or LIVE
 * is returned unchanged, without an audit row.
 */
@RestController
class ScheduleController {

    private final Activities activities;
    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final AdminAudit audit;
    private final CatalogEvents events;
    private final Clock clock;

    ScheduleController(Activities activities, JdbcClient jdbc, TransactionTemplate tx, AdminAudit audit,
                       CatalogEvents events, Clock clock) {
        this.activities = activities;
        this.jdbc = jdbc;
        this.tx = tx;
        this.audit = audit;
        this.events = events;
        this.clock = clock;
    }

    @RequiresPermission("activity:write")
    @PostMapping("/api/admin/activities/{id}/schedule")
    Activities.View schedule(@PathVariable long id, HttpServletRequest request) {
        return tx.execute(status -> {
            Activities.View before = activities.find(id, clock.instant(), true);
            if ("ENDED".equals(before.status()) || "CANCELLED".equals(before.status())) {
                throw new ApiException(Preheater.ACTIVITY_CLOSED, "activity " + id + " is " + before.status());
            }
            if (!"DRAFT".equals(before.storedStatus())) {
                return before;
            }
            jdbc.sql("UPDATE seckill_activities SET status = 'SCHEDULED', version = version + 1 WHERE id = ?").param(id).update();
            Activities.View after = activities.find(id, clock.instant(), false);
            audit.record(request, "ACTIVITY_SCHEDULE", "activity", id, Map.of("status", before.storedStatus()),
                    Map.of("status", after.storedStatus()));
            events.activityChanged(id);
            return after;
        });
    }
}

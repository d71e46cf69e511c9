package io.seckill.admin.preheat;

import io.seckill.admin.audit.AdminAudit;
import io.seckill.kernel.audit.AuditTrail;
import io.seckill.kernel.error.ApiException;
import io.seckill.kernel.settings.RuntimeSettings;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Preheats SCHEDULED activities {@code activity.preheat-lead-minutes} (a runtime setting, default 10) before their
 * start, through the same {@link Preheater} and lock as the manual preheat. Runs on every admin-back instance
 * every {@code seckill.admin.preheat.scan-every} (default 30 s): an activity whose stock hash already holds its
 * terms is skipped without taking the lock, and two instances racing for the same activity serialize on the lock,
 * where the second finds the hash current and changes nothing. So each activity is preheated once (again only
 * if its terms changed or Redis lost the hash), with one SYSTEM audit row per real load.
 */
@Component
class ScheduledPreheat {

    static final String LEAD_SETTING = "activity.preheat-lead-minutes";
    private static final Logger log = LoggerFactory.getLogger(ScheduledPreheat.class);

    private final Preheater preheater;
    private final JdbcClient jdbc;
    private final RuntimeSettings settings;
    private final AdminAudit audit;
    private final Clock clock;

    ScheduledPreheat(Preheater preheater, JdbcClient jdbc, RuntimeSettings settings, AdminAudit audit, Clock clock) {
        this.preheater = preheater;
        this.jdbc = jdbc;
        this.settings = settings;
        this.audit = audit;
        this.clock = clock;
    }

    @Scheduled(fixedDelayString = "${seckill.admin.preheat.scan-every:30s}",
            initialDelayString = "${seckill.admin.preheat.scan-every:30s}")
    void scan() {
        try {
            runOnce();
        } catch (RuntimeException e) {
            log.warn("scheduled preheat scan failed: {}", e.toString());
        }
    }

    /** One scan; returns the ids it loaded. */
    List<Long> runOnce() {
        Instant now = clock.instant();
        Duration lead = settings.minutes(LEAD_SETTING, Duration.ofMinutes(10));
        List<Long> due = jdbc.sql("""
                SELECT id FROM seckill_activities
                 WHERE status = 'SCHEDULED' AND start_time <= ? AND end_time > ? ORDER BY start_time""")
                .params(Timestamp.from(now.plus(lead)), Timestamp.from(now)).query(Long.class).list();
        List<Long> loaded = new java.util.ArrayList<>();
        for (long id : due) {
            try {
                if (!preheater.preheated(id) && load(id)) {
                    loaded.add(id);
                }
            } catch (ApiException e) {
                log.info("scheduled preheat of activity {} skipped: {}", id, e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return loaded;
            }
        }
        return loaded;
    }

    private boolean load(long id) throws InterruptedException {
        boolean[] changed = {false};
        preheater.preheat(id, (before, after, didChange) -> {
            changed[0] = didChange;
            if (didChange) {
                audit.recordAs(AuditTrail.Actor.SYSTEM, null, "ACTIVITY_PREHEAT", "activity", id, before, after);
            }
        });
        if (changed[0]) {
            log.info("activity {} preheated {} before its start", id, settings.minutes(LEAD_SETTING, Duration.ofMinutes(10)));
        }
        return changed[0];
    }
}

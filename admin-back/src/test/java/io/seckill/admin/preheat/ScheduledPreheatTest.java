package io.seckill.admin.preheat;

import static io.seckill.admin.support.Fixtures.createActivity;
import static org.assertj.core.api.Assertions.assertThat;

import io.seckill.admin.audit.AdminAudit;
import io.seckill.admin.support.AdminApiTest;
import io.seckill.admin.support.Http;
import io.seckill.kernel.settings.RuntimeSettings;
import io.seckill.stock.StockLedger;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The scheduled preheat: SCHEDULED activities inside the lead time (a runtime setting) are loaded once, by one of
 * two admin-back instances scanning at the same moment, through the manual preheat's code and lock.
 */
class ScheduledPreheatTest extends AdminApiTest {

    @Autowired
    ScheduledPreheat job;
    @Autowired
    Preheater preheater;
    @Autowired
    RuntimeSettings settings;
    @Autowired
    AdminAudit audit;
    @Autowired
    Clock clock;
    @Autowired
    StockLedger ledger;

    @AfterEach
    void restoreLead() {
        jdbc.sql("UPDATE settings SET setting_value = '10' WHERE setting_key = ?").param(ScheduledPreheat.LEAD_SETTING).update();
        settings.refresh();
    }

    @Test
    void twoInstancesScanningTogetherPreheatAScheduledActivityOnceInsideTheLeadAndNoneOutsideIt() {
        String token = tokenWith("product:write", "activity:write");
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        String soon = createActivity(http(), token, 50, 2, now.plus(5, ChronoUnit.MINUTES), now.plus(1, ChronoUnit.HOURS));
        String later = createActivity(http(), token, 30, 1, now.plus(2, ChronoUnit.HOURS), now.plus(3, ChronoUnit.HOURS));
        String draft = createActivity(http(), token, 10, 1, now.plus(1, ChronoUnit.MINUTES), now.plus(1, ChronoUnit.HOURS));
        schedule(token, soon);
        schedule(token, later);
        assertThat(ledger.stock(Long.parseLong(soon))).as("scheduling does not load Redis").isEmpty();
        ScheduledPreheat otherInstance = new ScheduledPreheat(preheater, jdbc, settings, audit, clock);

        List<Long> loaded = new ArrayList<>();
        CompletableFuture<List<Long>> a = CompletableFuture.supplyAsync(job::runOnce);
        CompletableFuture<List<Long>> b = CompletableFuture.supplyAsync(otherInstance::runOnce);
        loaded.addAll(a.join());
        loaded.addAll(b.join());

        assertThat(loaded.stream().filter(id -> List.of(soon, later, draft).contains(id.toString())))
                .containsExactly(Long.parseLong(soon));
        assertThat(ledger.stock(Long.parseLong(soon))).containsEntry("available", "50").containsEntry("total", "50");
        assertThat(ledger.stock(Long.parseLong(later))).isEmpty();
        assertThat(ledger.stock(Long.parseLong(draft))).isEmpty();
        assertThat(systemPreheats(soon)).isEqualTo(1);
        assertThat(job.runOnce()).doesNotContain(Long.parseLong(soon));
        assertThat(systemPreheats(soon)).isEqualTo(1);

        jdbc.sql("UPDATE settings SET setting_value = '180' WHERE setting_key = ?").param(ScheduledPreheat.LEAD_SETTING).update();
        settings.refresh();
        assertThat(job.runOnce()).contains(Long.parseLong(later));
        assertThat(ledger.stock(Long.parseLong(later))).containsEntry("available", "30");
        assertThat(systemPreheats(later)).isEqualTo(1);
    }

    @Test
    void schedulingIsAuditedOnceIdempotentAndRefusedForCancelledActivities() {
        String username = admin("product:write", "activity:write");
        String token = login(username);
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        String id = createActivity(http(), token, 5, 1, now.plus(3, ChronoUnit.HOURS), now.plus(4, ChronoUnit.HOURS));
        assertThat(schedule(token, id).json().path("storedStatus").asString()).isEqualTo("SCHEDULED");
        assertThat(schedule(token, id).status()).isEqualTo(200);
        assertOneAuditRow("ACTIVITY_SCHEDULE", id, username);

        String cancelled = createActivity(http(), token, 5, 1, now.plus(3, ChronoUnit.HOURS), now.plus(4, ChronoUnit.HOURS));
        http().delete("/api/admin/activities/" + cancelled, token);
        assertProblem(http().post("/api/admin/activities/" + cancelled + "/schedule", token, null), 409, "ACTIVITY_CLOSED");
        assertProblem(http().post("/api/admin/activities/42/schedule", token, null), 404, "NOT_FOUND");
    }

    private Http.Response schedule(String token, String id) {
        Http.Response response = http().post("/api/admin/activities/" + id + "/schedule", token, null);
        assertThat(response.status()).as(response.body()).isIn(200, 409, 404);
        return response;
    }

    private long systemPreheats(String id) {
        return jdbc.sql("SELECT COUNT(*) FROM audit_log WHERE action = 'ACTIVITY_PREHEAT' AND actor_type = 'SYSTEM' AND target_id = ?")
                .param(id).query(Long.class).single();
    }
}

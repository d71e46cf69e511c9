package io.seckill.admin.preheat;

import io.seckill.admin.audit.AdminAudit;
import io.seckill.admin.security.RequiresPermission;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/admin/activities/{id}/preheat} (activity:preheat): the manual preheat ({@link Preheater}); every
 * call is an admin write and leaves one audit row, also when the stock hash was already current.
 */
@RestController
class PreheatController {

    private final Preheater preheater;
    private final AdminAudit audit;

    PreheatController(Preheater preheater, AdminAudit audit) {
        this.preheater = preheater;
        this.audit = audit;
    }

    @RequiresPermission("activity:preheat")
    @PostMapping("/api/admin/activities/{id}/preheat")
    Preheater.Preheated preheat(@PathVariable long id, HttpServletRequest request) throws InterruptedException {
        return preheater.preheat(id, (before, after, changed) ->
                audit.record(request, "ACTIVITY_PREHEAT", "activity", id, before, after));
    }
}

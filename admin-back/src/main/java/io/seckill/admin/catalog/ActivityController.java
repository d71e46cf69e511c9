package io.seckill.admin.catalog;

import io.seckill.admin.audit.AdminAudit;
import io.seckill.admin.security.RequiresPermission;
import io.seckill.admin.web.FieldErrors;
import io.seckill.admin.web.Page;
import io.seckill.kernel.error.ApiException;
import io.seckill.kernel.id.IdGenerator;
import io.seckill.kernel.money.Money;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/admin/activities} (activity:read, activity:write). A new activity is a DRAFT with its
 * {@code seckill_stock} row (total, sold 0) inserted in the same transaction (DESIGN.md §7); the preheat makes it
 * SCHEDULED. While live only the title may change (409 ACTIVITY_LIVE); deleting cancels (409 while live).
 * Every committed change is announced to seckill-api.
 */
@RestController
class ActivityController {

    record ActivityBody(@NotBlank @Size(max = 20) String productId, @NotBlank @Size(max = 128) String title,
                        @NotNull Money seckillPrice, @NotNull Integer totalStock, @NotNull Integer perUserLimit,
                        @NotNull Instant startTime, @NotNull Instant endTime) {
    }

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final IdGenerator ids;
    private final AdminAudit audit;
    private final CatalogEvents events;
    private final Activities activities;
    private final Clock clock;

    ActivityController(JdbcClient jdbc, TransactionTemplate tx, IdGenerator ids, AdminAudit audit, CatalogEvents events,
                       Activities activities, Clock clock) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.ids = ids;
        this.audit = audit;
        this.events = events;
        this.activities = activities;
        this.clock = clock;
    }

    @RequiresPermission("activity:read")
    @GetMapping("/api/admin/activities")
    Page<Activities.View> list(@RequestParam(required = false) String productId,
                               @RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "20") int size) {
        Page.check(page, size);
        String where = productId == null ? "" : " WHERE a.product_id = ?";
        List<Object> params = new ArrayList<>();
        if (productId != null) {
            params.add(parseId(productId, "productId"));
        }
        long total = jdbc.sql("SELECT COUNT(*) FROM seckill_activities a" + where).params(params).query(Long.class).single();
        params.add(size);
        params.add(Page.offset(page, size));
        return new Page<>(activities.page(where, params, clock.instant()), page, size, total);
    }

    @RequiresPermission("activity:read")
    @GetMapping("/api/admin/activities/{id}")
    Activities.View get(@PathVariable long id) {
        return activities.find(id, clock.instant(), false);
    }

    @RequiresPermission("activity:write")
    @PostMapping("/api/admin/activities")
    ResponseEntity<Activities.View> create(@Valid @RequestBody ActivityBody body, HttpServletRequest request) {
        long id = ids.nextId();
        Activities.View created = tx.execute(status -> {
            ActivityRules.Terms terms = terms(body);
            ActivityRules.check(terms, productPrice(terms.productId())).throwIfAny();
            jdbc.sql("""
                    INSERT INTO seckill_activities
                      (id, product_id, title, seckill_price, total_stock, per_user_limit, start_time, end_time, status)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'DRAFT')""")
                    .params(id, terms.productId(), terms.title(), terms.seckillPrice().amount(), terms.totalStock(),
                            terms.perUserLimit(), Timestamp.from(terms.start()), Timestamp.from(terms.end()))
                    .update();
            // seckill_stock is order-service's table; admin-back inserts it with its activity (DESIGN.md §7).
            jdbc.sql("INSERT INTO seckill_stock (activity_id, total, sold) VALUES (?, ?, 0)")
                    .params(id, terms.totalStock()).update();
            Activities.View view = activities.find(id, clock.instant(), false);
            audit.record(request, "ACTIVITY_CREATE", "activity", id, null, view);
            events.activityChanged(id);
            return view;
        });
        return ResponseEntity.created(URI.create("/api/admin/activities/" + id)).body(created);
    }

    @RequiresPermission("activity:write")
    @PutMapping("/api/admin/activities/{id}")
    Activities.View update(@PathVariable long id, @Valid @RequestBody ActivityBody body, HttpServletRequest request) {
        return tx.execute(status -> {
            Instant now = clock.instant();
            Activities.View before = activities.find(id, now, true);
            ActivityRules.Terms wanted = terms(body);
            if (ActivityRules.isClosed(before.status())) {
                throw new ApiException(CatalogProblem.ACTIVITY_CLOSED, "activity " + id + " is " + before.status());
            }
            if ("LIVE".equals(before.status()) && ActivityRules.changesSaleTerms(before.terms(), wanted)) {
                throw new ApiException(CatalogProblem.ACTIVITY_LIVE, "activity " + id + " is live: only the title may change");
            }
            ActivityRules.check(wanted, productPrice(wanted.productId())).throwIfAny();
            jdbc.sql("""
                    UPDATE seckill_activities SET product_id = ?, title = ?, seckill_price = ?, total_stock = ?,
                           per_user_limit = ?, start_time = ?, end_time = ?, version = version + 1
                     WHERE id = ?""")
                    .params(wanted.productId(), wanted.title(), wanted.seckillPrice().amount(), wanted.totalStock(),
                            wanted.perUserLimit(), Timestamp.from(wanted.start()), Timestamp.from(wanted.end()), id)
                    .update();
            // Not live, so no order can be taken meanwhile; the CHECK (sold <= total) still guards the row.
            jdbc.sql("UPDATE seckill_stock SET total = ?, version = version + 1 WHERE activity_id = ?")
                    .params(wanted.totalStock(), id).update();
            Activities.View after = activities.find(id, now, false);
            audit.record(request, "ACTIVITY_UPDATE", "activity", id, before, after);
            events.activityChanged(id);
            return after;
        });
    }

    @RequiresPermission("activity:write")
    @DeleteMapping("/api/admin/activities/{id}")
    ResponseEntity<Void> cancel(@PathVariable long id, HttpServletRequest request) {
        tx.executeWithoutResult(status -> {
            Activities.View before = activities.find(id, clock.instant(), true);
            switch (before.status()) {
                case "CANCELLED" -> {
                    return;
                }
                case "LIVE" -> throw new ApiException(CatalogProblem.ACTIVITY_LIVE, "a live activity cannot be cancelled");
                case "ENDED" -> throw new ApiException(CatalogProblem.ACTIVITY_CLOSED, "activity " + id + " has ended");
                default -> {
                }
            }
            jdbc.sql("UPDATE seckill_activities SET status = 'CANCELLED', version = version + 1 WHERE id = ?").param(id).update();
            audit.record(request, "ACTIVITY_CANCEL", "activity", id, before, activities.find(id, clock.instant(), false));
            events.activityChanged(id);
        });
        return ResponseEntity.noContent().build();
    }

    private static ActivityRules.Terms terms(ActivityBody body) {
        return new ActivityRules.Terms(parseId(body.productId(), "productId"), body.title().trim(), body.seckillPrice(),
                body.totalStock(), body.perUserLimit(), body.startTime(), body.endTime());
    }

    /** The product's original price, read under a share lock so a concurrent price cut waits for this write. */
    private Money productPrice(long productId) {
        return jdbc.sql("SELECT original_price FROM products WHERE id = ? AND status = 'ACTIVE' LOCK IN SHARE MODE")
                .param(productId).query((r, n) -> Money.of(r.getBigDecimal(1))).optional()
                .orElseThrow(() -> FieldErrors.of("productId", "no active product with this id"));
    }

    private static long parseId(String value, String field) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw FieldErrors.of(field, "must be a numeric id");
        }
    }
}

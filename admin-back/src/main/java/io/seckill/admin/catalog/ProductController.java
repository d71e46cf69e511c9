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
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
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
 * {@code /api/admin/products} (product:read, product:write). Deleting archives: activities keep their product.
 * Bodies carry only what an admin may set; anything else (id, status, timestamps) is ignored.
 */
@RestController
class ProductController {

    record ProductBody(@NotBlank @Size(max = 128) String name, @Size(max = 4000) String description,
                       @Size(max = 512) String imageUrl, @NotNull Money originalPrice) {
    }

    record ProductView(String id, String name, String description, String imageUrl, Money originalPrice,
                       String status, Instant createdAt, Instant updatedAt) {
    }

    private static final String SELECT = "SELECT id, name, description, image_url, original_price, status, created_at,"
            + " updated_at FROM products";

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final IdGenerator ids;
    private final AdminAudit audit;
    private final CatalogEvents events;

    ProductController(JdbcClient jdbc, TransactionTemplate tx, IdGenerator ids, AdminAudit audit, CatalogEvents events) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.ids = ids;
        this.audit = audit;
        this.events = events;
    }

    @RequiresPermission("product:read")
    @GetMapping("/api/admin/products")
    Page<ProductView> list(@RequestParam(required = false) String status, @RequestParam(defaultValue = "0") int page,
                           @RequestParam(defaultValue = "20") int size) {
        Page.check(page, size);
        String where = status == null ? "" : " WHERE status = ?";
        List<Object> params = status == null ? List.of() : List.of(status);
        long total = jdbc.sql("SELECT COUNT(*) FROM products" + where).params(params).query(Long.class).single();
        List<ProductView> items = jdbc.sql(SELECT + where + " ORDER BY created_at DESC, id DESC LIMIT ? OFFSET ?")
                .params(concat(params, size, Page.offset(page, size))).query(ProductController::view).list();
        return new Page<>(items, page, size, total);
    }

    @RequiresPermission("product:read")
    @GetMapping("/api/admin/products/{id}")
    ProductView get(@PathVariable long id) {
        return find(id);
    }

    @RequiresPermission("product:write")
    @PostMapping("/api/admin/products")
    ResponseEntity<ProductView> create(@Valid @RequestBody ProductBody body, HttpServletRequest request) {
        check(body);
        long id = ids.nextId();
        ProductView created = tx.execute(status -> {
            jdbc.sql("INSERT INTO products (id, name, description, image_url, original_price) VALUES (?, ?, ?, ?, ?)")
                    .params(id, body.name().trim(), body.description(), body.imageUrl(), body.originalPrice().amount())
                    .update();
            ProductView view = find(id);
            audit.record(request, "PRODUCT_CREATE", "product", id, null, view);
            return view;
        });
        return ResponseEntity.created(URI.create("/api/admin/products/" + id)).body(created);
    }

    @RequiresPermission("product:write")
    @PutMapping("/api/admin/products/{id}")
    ProductView update(@PathVariable long id, @Valid @RequestBody ProductBody body, HttpServletRequest request) {
        check(body);
        return tx.execute(status -> {
            ProductView before = lock(id);
            // An open activity never sells above its product's original price (0 ≤ seckill price ≤ original).
            List<Long> open = openActivities(id);
            if (jdbc.sql("SELECT COUNT(*) FROM seckill_activities WHERE product_id = ? AND seckill_price > ?"
                            + " AND status IN ('DRAFT', 'SCHEDULED', 'LIVE')")
                    .params(id, body.originalPrice().amount()).query(Long.class).single() > 0) {
                throw new ApiException(CatalogProblem.PRODUCT_IN_USE,
                        "An open activity of this product has a seckill price above " + body.originalPrice());
            }
            jdbc.sql("UPDATE products SET name = ?, description = ?, image_url = ?, original_price = ?, version = version + 1"
                            + " WHERE id = ?")
                    .params(body.name().trim(), body.description(), body.imageUrl(), body.originalPrice().amount(), id)
                    .update();
            ProductView after = find(id);
            audit.record(request, "PRODUCT_UPDATE", "product", id, before, after);
            open.forEach(events::activityChanged); // seckill-api shows the product's name and price with each activity
            return after;
        });
    }

    @RequiresPermission("product:write")
    @DeleteMapping("/api/admin/products/{id}")
    ResponseEntity<Void> archive(@PathVariable long id, HttpServletRequest request) {
        tx.executeWithoutResult(status -> {
            ProductView before = lock(id);
            if ("ARCHIVED".equals(before.status())) {
                return;
            }
            jdbc.sql("UPDATE products SET status = 'ARCHIVED', version = version + 1 WHERE id = ?").param(id).update();
            audit.record(request, "PRODUCT_ARCHIVE", "product", id, before, find(id));
        });
        return ResponseEntity.noContent().build();
    }

    private static void check(ProductBody body) {
        new FieldErrors().check(!body.originalPrice().isNegative(), "originalPrice", "must not be negative").throwIfAny();
    }

    private List<Long> openActivities(long productId) {
        return jdbc.sql("SELECT id FROM seckill_activities WHERE product_id = ? AND status IN ('DRAFT', 'SCHEDULED', 'LIVE')")
                .param(productId).query(Long.class).list();
    }

    private ProductView find(long id) {
        return jdbc.sql(SELECT + " WHERE id = ?").param(id).query(ProductController::view).optional()
                .orElseThrow(() -> ApiException.notFound("product " + id));
    }

    /** Serializes writers of one product (and activity creation, which reads its price) until commit. */
    private ProductView lock(long id) {
        return jdbc.sql(SELECT + " WHERE id = ? FOR UPDATE").param(id).query(ProductController::view).optional()
                .orElseThrow(() -> ApiException.notFound("product " + id));
    }

    private static List<Object> concat(List<Object> params, Object... more) {
        List<Object> all = new java.util.ArrayList<>(params);
        all.addAll(List.of(more));
        return all;
    }

    private static ProductView view(ResultSet r, int n) throws SQLException {
        return new ProductView(Long.toString(r.getLong(1)), r.getString(2), r.getString(3), r.getString(4),
                Money.of(r.getBigDecimal(5)), r.getString(6), r.getTimestamp(7).toInstant(), r.getTimestamp(8).toInstant());
    }
}

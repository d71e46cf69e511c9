package io.seckill.admin.rbac;

import io.seckill.admin.audit.AdminAudit;
import io.seckill.admin.security.RequiresPermission;
import io.seckill.kernel.error.ApiException;
import io.seckill.kernel.id.IdGenerator;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/admin/permissions} (rbac:admin): the catalogue. The built-in permissions (the ones code checks) are
 * seeded by migrations and can be neither renamed nor deleted; custom ones can be added for the console's roles
 * and deleted while no role holds them.
 */
@RestController
class PermissionController {

    record PermissionBody(@NotBlank @Size(max = 64) @Pattern(regexp = "[a-z][a-z0-9-]*:[a-z][a-z0-9-]*",
            message = "must look like resource:action (lower case)") String code, @Size(max = 255) String description) {
    }

    record DescriptionBody(@Size(max = 255) String description) {
    }

    record PermissionView(String id, String code, String description, boolean builtIn, long roles) {
    }

    record Permissions(List<PermissionView> items) {
    }

    private static final String SELECT = """
            SELECT p.id, p.code, p.description, p.built_in,
                   (SELECT COUNT(*) FROM rbac_role_permissions rp WHERE rp.permission_id = p.id)
              FROM rbac_permissions p""";

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final IdGenerator ids;
    private final AdminAudit audit;

    PermissionController(JdbcClient jdbc, TransactionTemplate tx, IdGenerator ids, AdminAudit audit) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.ids = ids;
        this.audit = audit;
    }

    @RequiresPermission("rbac:admin")
    @GetMapping("/api/admin/permissions")
    Permissions list() {
        return new Permissions(jdbc.sql(SELECT + " ORDER BY p.code").query(PermissionController::view).list());
    }

    @RequiresPermission("rbac:admin")
    @PostMapping("/api/admin/permissions")
    ResponseEntity<PermissionView> create(@Valid @RequestBody PermissionBody body, HttpServletRequest request) {
        long id = ids.nextId();
        PermissionView created = tx.execute(status -> {
            try {
                jdbc.sql("INSERT INTO rbac_permissions (id, code, description, built_in) VALUES (?, ?, ?, FALSE)")
                        .params(id, body.code(), body.description() == null ? "" : body.description().trim()).update();
            } catch (DuplicateKeyException e) {
                throw new ApiException(RbacProblem.NAME_TAKEN, "permission " + body.code() + " exists");
            }
            PermissionView view = find(id);
            audit.record(request, "PERMISSION_CREATE", "permission", id, null, view);
            return view;
        });
        return ResponseEntity.created(URI.create("/api/admin/permissions/" + id)).body(created);
    }

    @RequiresPermission("rbac:admin")
    @PutMapping("/api/admin/permissions/{id}")
    PermissionView update(@PathVariable long id, @Valid @RequestBody DescriptionBody body, HttpServletRequest request) {
        return tx.execute(status -> {
            PermissionView before = find(id);
            jdbc.sql("UPDATE rbac_permissions SET description = ? WHERE id = ?")
                    .params(body.description() == null ? "" : body.description().trim(), id).update();
            PermissionView after = find(id);
            audit.record(request, "PERMISSION_UPDATE", "permission", id, before, after);
            return after;
        });
    }

    @RequiresPermission("rbac:admin")
    @DeleteMapping("/api/admin/permissions/{id}")
    ResponseEntity<Void> delete(@PathVariable long id, HttpServletRequest request) {
        tx.executeWithoutResult(status -> {
            PermissionView before = jdbc.sql(SELECT + " WHERE p.id = ? FOR UPDATE").param(id)
                    .query(PermissionController::view).optional()
                    .orElseThrow(() -> ApiException.notFound("permission " + id));
            if (before.builtIn()) {
                throw new ApiException(RbacProblem.BUILT_IN, before.code() + " is checked by the services");
            }
            if (before.roles() > 0) {
                throw new ApiException(RbacProblem.IN_USE, before.code() + " is held by " + before.roles() + " role(s)");
            }
            jdbc.sql("DELETE FROM rbac_permissions WHERE id = ?").param(id).update();
            audit.record(request, "PERMISSION_DELETE", "permission", id, before, null);
        });
        return ResponseEntity.noContent().build();
    }

    private PermissionView find(long id) {
        return jdbc.sql(SELECT + " WHERE p.id = ?").param(id).query(PermissionController::view).optional()
                .orElseThrow(() -> ApiException.notFound("permission " + id));
    }

    private static PermissionView view(ResultSet r, int n) throws SQLException {
        return new PermissionView(Long.toString(r.getLong(1)), r.getString(2), r.getString(3), r.getBoolean(4), r.getLong(5));
    }
}

package io.seckill.admin.rbac;

import io.seckill.admin.audit.AdminAudit;
import io.seckill.admin.security.RequiresPermission;
import io.seckill.admin.web.FieldErrors;
import io.seckill.admin.web.Page;
import io.seckill.kernel.error.ApiException;
import io.seckill.kernel.id.IdGenerator;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.util.LinkedHashSet;
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
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/admin/roles} (rbac:admin): roles group permissions. The built-in SUPER_ADMIN cannot be edited or
 * deleted; a role assigned to an admin cannot be deleted (409 IN_USE: unassign it first, which is guarded). A
 * change reaches an admin's token at their next refresh (permissions are read at login and refresh).
 */
@RestController
class RoleController {

    record RoleBody(@NotBlank @Size(max = 64) String name, @Size(max = 255) String description,
                    @Size(max = 100) List<String> permissions) {
    }

    record RoleUpdate(@NotBlank @Size(max = 64) String name, @Size(max = 255) String description) {
    }

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final IdGenerator ids;
    private final AdminAudit audit;
    private final Roles roles;
    private final RbacGuard guard;

    RoleController(JdbcClient jdbc, TransactionTemplate tx, IdGenerator ids, AdminAudit audit, Roles roles,
                   RbacGuard guard) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.ids = ids;
        this.audit = audit;
        this.roles = roles;
        this.guard = guard;
    }

    @RequiresPermission("rbac:admin")
    @GetMapping("/api/admin/roles")
    Page<Roles.RoleView> list(@RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "20") int size) {
        Page.check(page, size);
        return new Page<>(roles.page(size, Page.offset(page, size)), page, size, roles.count());
    }

    @RequiresPermission("rbac:admin")
    @GetMapping("/api/admin/roles/{id}")
    Roles.RoleView get(@PathVariable long id) {
        return roles.find(id, false);
    }

    @RequiresPermission("rbac:admin")
    @PostMapping("/api/admin/roles")
    ResponseEntity<Roles.RoleView> create(@Valid @RequestBody RoleBody body, HttpServletRequest request) {
        List<Long> permissionIds = permissionIds(body.permissions());
        long id = ids.nextId();
        Roles.RoleView created = tx.execute(status -> {
            try {
                jdbc.sql("INSERT INTO rbac_roles (id, name, description, built_in) VALUES (?, ?, ?, FALSE)")
                        .params(id, body.name().trim(), description(body.description())).update();
            } catch (DuplicateKeyException e) {
                throw new ApiException(RbacProblem.NAME_TAKEN, "role " + body.name().trim() + " exists");
            }
            permissionIds.forEach(p -> jdbc.sql("INSERT INTO rbac_role_permissions (role_id, permission_id) VALUES (?, ?)")
                    .params(id, p).update());
            Roles.RoleView view = roles.find(id, false);
            audit.record(request, "ROLE_CREATE", "role", id, null, view);
            return view;
        });
        return ResponseEntity.created(URI.create("/api/admin/roles/" + id)).body(created);
    }

    @RequiresPermission("rbac:admin")
    @PutMapping("/api/admin/roles/{id}")
    Roles.RoleView update(@PathVariable long id, @Valid @RequestBody RoleUpdate body, HttpServletRequest request) {
        return tx.execute(status -> {
            Roles.RoleView before = roles.findEditable(id);
            try {
                jdbc.sql("UPDATE rbac_roles SET name = ?, description = ?, version = version + 1 WHERE id = ?")
                        .params(body.name().trim(), description(body.description()), id).update();
            } catch (DuplicateKeyException e) {
                throw new ApiException(RbacProblem.NAME_TAKEN, "role " + body.name().trim() + " exists");
            }
            Roles.RoleView after = roles.find(id, false);
            audit.record(request, "ROLE_UPDATE", "role", id, before, after);
            return after;
        });
    }

    @RequiresPermission("rbac:admin")
    @DeleteMapping("/api/admin/roles/{id}")
    ResponseEntity<Void> delete(@PathVariable long id, HttpServletRequest request) {
        tx.executeWithoutResult(status -> {
            Roles.RoleView before = roles.findEditable(id);
            long holders = jdbc.sql("SELECT COUNT(*) FROM admin_user_roles WHERE role_id = ?").param(id)
                    .query(Long.class).single();
            if (holders > 0) {
                throw new ApiException(RbacProblem.IN_USE, "role " + before.name() + " is assigned to " + holders + " admin(s)");
            }
            jdbc.sql("DELETE FROM rbac_roles WHERE id = ?").param(id).update();
            audit.record(request, "ROLE_DELETE", "role", id, before, null);
        });
        return ResponseEntity.noContent().build();
    }

    /** Grants a permission to a role; idempotent (204 either way, one audit row only when something changed). */
    @RequiresPermission("rbac:admin")
    @PutMapping("/api/admin/roles/{id}/permissions/{permissionId}")
    ResponseEntity<Void> grant(@PathVariable long id, @PathVariable long permissionId, HttpServletRequest request) {
        tx.executeWithoutResult(status -> {
            Roles.RoleView before = roles.findEditable(id);
            String code = permissionCode(permissionId);
            if (!before.permissions().contains(code)) {
                jdbc.sql("INSERT INTO rbac_role_permissions (role_id, permission_id) VALUES (?, ?)").params(id, permissionId).update();
                audit.record(request, "ROLE_PERMISSION_GRANT", "role", id, before, roles.find(id, false));
            }
        });
        return ResponseEntity.noContent().build();
    }

    /** Revokes a permission; 409 LAST_RBAC_ADMIN when it would leave nobody able to administer roles. */
    @RequiresPermission("rbac:admin")
    @DeleteMapping("/api/admin/roles/{id}/permissions/{permissionId}")
    ResponseEntity<Void> revoke(@PathVariable long id, @PathVariable long permissionId, HttpServletRequest request) {
        tx.executeWithoutResult(status -> {
            guard.lock();
            Roles.RoleView before = roles.findEditable(id);
            permissionCode(permissionId);
            if (jdbc.sql("DELETE FROM rbac_role_permissions WHERE role_id = ? AND permission_id = ?")
                    .params(id, permissionId).update() > 0) {
                guard.requireAnRbacAdmin();
                audit.record(request, "ROLE_PERMISSION_REVOKE", "role", id, before, roles.find(id, false));
            }
        });
        return ResponseEntity.noContent().build();
    }

    private String permissionCode(long permissionId) {
        return jdbc.sql("SELECT code FROM rbac_permissions WHERE id = ?").param(permissionId).query(String.class)
                .optional().orElseThrow(() -> ApiException.notFound("permission " + permissionId));
    }

    /** The ids of the named permissions; 400 with a field error per unknown code. */
    private List<Long> permissionIds(List<String> codes) {
        if (codes == null || codes.isEmpty()) {
            return List.of();
        }
        FieldErrors errors = new FieldErrors();
        List<Long> found = new java.util.ArrayList<>();
        List<String> distinct = List.copyOf(new LinkedHashSet<>(codes));
        for (int i = 0; i < distinct.size(); i++) {
            String code = distinct.get(i);
            jdbc.sql("SELECT id FROM rbac_permissions WHERE code = ?").param(code == null ? "" : code).query(Long.class)
                    .optional().ifPresentOrElse(found::add, () -> errors.reject("permissions", "unknown permission " + code));
        }
        errors.throwIfAny();
        return found;
    }

    private static String description(String description) {
        return description == null ? "" : description.trim();
    }
}

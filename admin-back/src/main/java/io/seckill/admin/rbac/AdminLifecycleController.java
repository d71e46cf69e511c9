package io.seckill.admin.rbac;

import io.seckill.admin.audit.AdminAudit;
import io.seckill.admin.auth.PasswordPolicy;
import io.seckill.admin.auth.SessionRevocation;
import io.seckill.admin.security.AdminTokens;
import io.seckill.admin.security.RequiresPermission;
import io.seckill.kernel.error.ApiException;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * What happens to an existing admin (rbac:admin): roles assigned and unassigned (effective at their next refresh),
 * disabled and enabled, password reset. Disabling and resetting end every session of the admin at once
 * ({@link SessionRevocation}). Unassigning and disabling are guarded: never oneself disabled, never the last
 * active {@code rbac:admin} holder ({@link RbacGuard}).
 */
@RestController
class AdminLifecycleController {

    record PasswordReset(String adminId, String initialPassword) {
        @Override
        public String toString() {
            return "PasswordReset[" + adminId + "]";
        }
    }

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final AdminAudit audit;
    private final AdminDirectory admins;
    private final RbacGuard guard;
    private final SessionRevocation sessions;

    AdminLifecycleController(JdbcClient jdbc, TransactionTemplate tx, AdminAudit audit, AdminDirectory admins,
                             RbacGuard guard, SessionRevocation sessions) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.audit = audit;
        this.admins = admins;
        this.guard = guard;
        this.sessions = sessions;
    }

    /** Idempotent: 204, one audit row only when the role was not assigned yet. */
    @RequiresPermission("rbac:admin")
    @PutMapping("/api/admin/admins/{id}/roles/{roleId}")
    ResponseEntity<Void> assign(@PathVariable long id, @PathVariable long roleId, HttpServletRequest request) {
        tx.executeWithoutResult(status -> {
            AdminDirectory.AdminView before = admins.find(id, true);
            requireRole(roleId);
            if (jdbc.sql("INSERT IGNORE INTO admin_user_roles (admin_user_id, role_id) VALUES (?, ?)").params(id, roleId).update() > 0) {
                audit.record(request, "ADMIN_ROLE_ASSIGN", "admin", id, before, admins.find(id, false));
            }
        });
        return ResponseEntity.noContent().build();
    }

    @RequiresPermission("rbac:admin")
    @DeleteMapping("/api/admin/admins/{id}/roles/{roleId}")
    ResponseEntity<Void> unassign(@PathVariable long id, @PathVariable long roleId, HttpServletRequest request) {
        tx.executeWithoutResult(status -> {
            guard.lock();
            AdminDirectory.AdminView before = admins.find(id, true);
            requireRole(roleId);
            if (jdbc.sql("DELETE FROM admin_user_roles WHERE admin_user_id = ? AND role_id = ?").params(id, roleId).update() > 0) {
                guard.requireAnRbacAdmin();
                audit.record(request, "ADMIN_ROLE_UNASSIGN", "admin", id, before, admins.find(id, false));
            }
        });
        return ResponseEntity.noContent().build();
    }

    @RequiresPermission("rbac:admin")
    @PostMapping("/api/admin/admins/{id}/disable")
    AdminDirectory.AdminView disable(@PathVariable long id, HttpServletRequest request) {
        if (AdminTokens.current(request).subjectId() == id) {
            throw new ApiException(RbacProblem.SELF, "You cannot disable your own account");
        }
        AdminDirectory.AdminView after = tx.execute(status -> {
            guard.lock();
            AdminDirectory.AdminView before = admins.find(id, true);
            if ("DISABLED".equals(before.status())) {
                return before;
            }
            jdbc.sql("UPDATE admin_users SET status = 'DISABLED', version = version + 1 WHERE id = ?").param(id).update();
            guard.requireAnRbacAdmin();
            AdminDirectory.AdminView changed = admins.find(id, false);
            audit.record(request, "ADMIN_DISABLE", "admin", id, before, changed);
            return changed;
        });
        sessions.disabled(id); // after the commit: a refresh in between is refused by the status check anyway
        return after;
    }

    @RequiresPermission("rbac:admin")
    @PostMapping("/api/admin/admins/{id}/enable")
    AdminDirectory.AdminView enable(@PathVariable long id, HttpServletRequest request) {
        AdminDirectory.AdminView after = tx.execute(status -> {
            AdminDirectory.AdminView before = admins.find(id, true);
            if ("ACTIVE".equals(before.status())) {
                return before;
            }
            jdbc.sql("UPDATE admin_users SET status = 'ACTIVE', version = version + 1 WHERE id = ?").param(id).update();
            AdminDirectory.AdminView changed = admins.find(id, false);
            audit.record(request, "ADMIN_ENABLE", "admin", id, before, changed);
            return changed;
        });
        sessions.enabled(id);
        return after;
    }

    /** A new generated password, returned once; the admin must change it at the next login. */
    @RequiresPermission("rbac:admin")
    @PostMapping("/api/admin/admins/{id}/password-reset")
    PasswordReset resetPassword(@PathVariable long id, HttpServletRequest request) {
        PasswordReset reset = tx.execute(status -> {
            AdminDirectory.AdminView before = admins.find(id, true);
            String password = PasswordPolicy.generate(before.username());
            jdbc.sql("UPDATE admin_users SET password_hash = ?, must_change_password = TRUE, version = version + 1 WHERE id = ?")
                    .params(AdminController.passwords.encode(password), id).update();
            audit.record(request, "ADMIN_PASSWORD_RESET", "admin", id, Map.of("mustChangePassword", before.mustChangePassword()),
                    Map.of("mustChangePassword", true, "sessionsEnded", true));
            return new PasswordReset(Long.toString(id), password);
        });
        sessions.endAllSessions(id);
        return reset;
    }

    private void requireRole(long roleId) {
        if (jdbc.sql("SELECT COUNT(*) FROM rbac_roles WHERE id = ?").param(roleId).query(Long.class).single() == 0) {
            throw ApiException.notFound("role " + roleId);
        }
    }
}

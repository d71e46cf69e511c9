package io.seckill.admin.rbac;

import io.seckill.admin.audit.AdminAudit;
import io.seckill.admin.auth.PasswordPolicy;
import io.seckill.admin.auth.SessionRevocation;
import io.seckill.admin.security.AdminTokens;
import io.seckill.admin.security.RequiresPermission;
import io.seckill.admin.web.FieldErrors;
import io.seckill.admin.web.Page;
import io.seckill.kernel.error.ApiException;
import io.seckill.kernel.id.IdGenerator;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
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
 * {@code /api/admin/admins} (rbac:admin): back-office accounts. A new admin gets the password given (if it passes
 * {@link PasswordPolicy}) or a generated one, returned once in {@code initialPassword} and to be changed at the
 * first login ({@code must_change_password}). Deleting is guarded like disabling ({@link AdminLifecycleController}).
 */
@RestController
class AdminController {

    static final BCryptPasswordEncoder passwords = new BCryptPasswordEncoder(10);

    record NewAdmin(@NotBlank @Size(min = 3, max = 64) @Pattern(regexp = "[A-Za-z0-9._-]+",
            message = "letters, digits, '.', '_' and '-' only") String username,
                    @NotBlank @Size(max = 64) String displayName, @Size(max = 128) String password,
                    @Size(max = 20) List<Long> roleIds) {
        @Override
        public String toString() {
            return "NewAdmin[username=" + username + "]";
        }
    }

    record AdminUpdate(@NotBlank @Size(max = 64) String displayName) {
    }

    /** The created admin and, only when it was generated, its initial password (shown this once). */
    record Created(AdminDirectory.AdminView admin, String initialPassword) {
        @Override
        public String toString() {
            return "Created[" + admin.id() + "]";
        }
    }

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final IdGenerator ids;
    private final AdminAudit audit;
    private final AdminDirectory admins;
    private final RbacGuard guard;
    private final SessionRevocation sessions;

    AdminController(JdbcClient jdbc, TransactionTemplate tx, IdGenerator ids, AdminAudit audit, AdminDirectory admins,
                    RbacGuard guard, SessionRevocation sessions) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.ids = ids;
        this.audit = audit;
        this.admins = admins;
        this.guard = guard;
        this.sessions = sessions;
    }

    /** {@code q}: a part of the username or display name; {@code status}: ACTIVE or DISABLED. */
    @RequiresPermission("rbac:admin")
    @GetMapping("/api/admin/admins")
    Page<AdminDirectory.AdminView> list(@RequestParam(required = false) String q,
                                        @RequestParam(required = false) String status,
                                        @RequestParam(defaultValue = "0") int page,
                                        @RequestParam(defaultValue = "20") int size) {
        Page.check(page, size);
        StringBuilder where = new StringBuilder(" WHERE 1 = 1");
        List<Object> params = new ArrayList<>();
        if (q != null && !q.isBlank()) {
            where.append(" AND (username LIKE ? OR display_name LIKE ?)");
            String like = "%" + q.trim().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
            params.add(like);
            params.add(like);
        }
        if (status != null) {
            where.append(" AND status = ?");
            params.add(status);
        }
        long total = admins.count(where.toString(), params);
        List<Object> pageParams = new ArrayList<>(params);
        pageParams.add(size);
        pageParams.add(Page.offset(page, size));
        return new Page<>(admins.page(where.toString(), pageParams), page, size, total);
    }

    @RequiresPermission("rbac:admin")
    @GetMapping("/api/admin/admins/{id}")
    AdminDirectory.AdminView get(@PathVariable long id) {
        return admins.find(id, false);
    }

    @RequiresPermission("rbac:admin")
    @PostMapping("/api/admin/admins")
    ResponseEntity<Created> create(@Valid @RequestBody NewAdmin body, HttpServletRequest request) {
        boolean generated = body.password() == null || body.password().isEmpty();
        if (!generated) {
            FieldErrors errors = new FieldErrors();
            PasswordPolicy.check(body.password(), body.username(), "password", errors);
            errors.throwIfAny();
        }
        String password = generated ? PasswordPolicy.generate(body.username()) : body.password();
        String hash = passwords.encode(password);
        long id = ids.nextId();
        AdminDirectory.AdminView created = tx.execute(status -> {
            try {
                jdbc.sql("""
                        INSERT INTO admin_users (id, username, password_hash, display_name, status, must_change_password)
                        VALUES (?, ?, ?, ?, 'ACTIVE', ?)""")
                        .params(id, body.username(), hash, body.displayName().trim(), generated).update();
            } catch (DuplicateKeyException e) {
                throw new ApiException(RbacProblem.NAME_TAKEN, "username " + body.username() + " is taken");
            }
            assignRoles(id, body.roleIds());
            AdminDirectory.AdminView view = admins.find(id, false);
            audit.record(request, "ADMIN_CREATE", "admin", id, null, view);
            return view;
        });
        return ResponseEntity.created(URI.create("/api/admin/admins/" + id)).body(new Created(created, generated ? password : null));
    }

    @RequiresPermission("rbac:admin")
    @PutMapping("/api/admin/admins/{id}")
    AdminDirectory.AdminView update(@PathVariable long id, @Valid @RequestBody AdminUpdate body, HttpServletRequest request) {
        return tx.execute(status -> {
            AdminDirectory.AdminView before = admins.find(id, true);
            jdbc.sql("UPDATE admin_users SET display_name = ?, version = version + 1 WHERE id = ?")
                    .params(body.displayName().trim(), id).update();
            AdminDirectory.AdminView after = admins.find(id, false);
            audit.record(request, "ADMIN_UPDATE", "admin", id, before, after);
            return after;
        });
    }

    /** Deletes the account (its audit rows keep its id and name); not oneself, not the last rbac:admin holder. */
    @RequiresPermission("rbac:admin")
    @DeleteMapping("/api/admin/admins/{id}")
    ResponseEntity<Void> delete(@PathVariable long id, HttpServletRequest request) {
        if (AdminTokens.current(request).subjectId() == id) {
            throw new ApiException(RbacProblem.SELF, "You cannot delete your own account");
        }
        tx.executeWithoutResult(status -> {
            guard.lock();
            AdminDirectory.AdminView before = admins.find(id, true);
            jdbc.sql("DELETE FROM admin_users WHERE id = ?").param(id).update();
            guard.requireAnRbacAdmin();
            audit.record(request, "ADMIN_DELETE", "admin", id, before, null);
        });
        sessions.disabled(id);
        return ResponseEntity.noContent().build();
    }

    private void assignRoles(long adminId, List<Long> roleIds) {
        if (roleIds == null) {
            return;
        }
        FieldErrors errors = new FieldErrors();
        for (Long role : new java.util.LinkedHashSet<>(roleIds)) {
            boolean exists = role != null && jdbc.sql("SELECT COUNT(*) FROM rbac_roles WHERE id = ?").param(role)
                    .query(Long.class).single() > 0;
            if (exists) {
                jdbc.sql("INSERT INTO admin_user_roles (admin_user_id, role_id) VALUES (?, ?)").params(adminId, role).update();
            } else {
                errors.reject("roleIds", "unknown role " + role);
            }
        }
        errors.throwIfAny();
    }
}

package io.seckill.admin.rbac;

import io.seckill.kernel.error.ApiException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Keeps the back office administrable: after any change that can take {@code rbac:admin} away from someone
 * (disable, delete, unassign a role, revoke the permission from a role) at least one ACTIVE admin still holds it.
 * Every such change first locks the {@code rbac:admin} permission row, so two admins removing each other at the
 * same moment go one after the other and the second one sees the first one's result.
 */
@Component
class RbacGuard {

    static final String RBAC_ADMIN = "rbac:admin";

    private final JdbcClient jdbc;

    RbacGuard(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The first statement of a guarded transaction. */
    void lock() {
        jdbc.sql("SELECT id FROM rbac_permissions WHERE code = ? FOR UPDATE").param(RBAC_ADMIN).query(Long.class).list();
    }

    /** The last statement before commit: 409 LAST_RBAC_ADMIN (and the transaction rolls back) when nobody is left. */
    void requireAnRbacAdmin() {
        long holders = jdbc.sql("""
                SELECT COUNT(DISTINCT u.id) FROM admin_users u
                  JOIN admin_user_roles ar ON ar.admin_user_id = u.id
                  JOIN rbac_role_permissions rp ON rp.role_id = ar.role_id
                  JOIN rbac_permissions p ON p.id = rp.permission_id
                 WHERE u.status = 'ACTIVE' AND p.code = ? LOCK IN SHARE MODE""")
                .param(RBAC_ADMIN).query(Long.class).single();
        if (holders == 0) {
            throw new ApiException(RbacProblem.LAST_RBAC_ADMIN, "At least one active admin must keep " + RBAC_ADMIN);
        }
    }
}

package io.seckill.admin.auth;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Reads of {@code admin_users} and the RBAC tables that logging in needs. */
@Repository
class AdminAccounts {

    /** An admin as the login sees it; {@code passwordHash} never leaves this package. */
    record Account(long id, String username, String passwordHash, boolean active) {
        @Override
        public String toString() {
            return "Account[id=" + id + ", username=" + username + ", active=" + active + "]";
        }
    }

    private final JdbcClient jdbc;

    AdminAccounts(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Optional<Account> byUsername(String username) {
        return jdbc.sql("SELECT id, username, password_hash, status FROM admin_users WHERE username = ?")
                .param(username)
                .query((r, n) -> new Account(r.getLong(1), r.getString(2), r.getString(3), "ACTIVE".equals(r.getString(4))))
                .optional();
    }

    boolean isActive(long adminId) {
        return jdbc.sql("SELECT COUNT(*) FROM admin_users WHERE id = ? AND status = 'ACTIVE'").param(adminId)
                .query(Integer.class).single() > 0;
    }

    /** The codes of every permission of every role of the admin: the token's {@code perms} claim. */
    List<String> permissions(long adminId) {
        return jdbc.sql("""
                SELECT DISTINCT p.code FROM admin_user_roles ar
                  JOIN rbac_role_permissions rp ON rp.role_id = ar.role_id
                  JOIN rbac_permissions p ON p.id = rp.permission_id
                 WHERE ar.admin_user_id = ? ORDER BY p.code""")
                .param(adminId).query(String.class).list();
    }

    void loggedIn(long adminId, Instant at) {
        jdbc.sql("UPDATE admin_users SET last_login_at = ? WHERE id = ?").params(Timestamp.from(at), adminId).update();
    }
}

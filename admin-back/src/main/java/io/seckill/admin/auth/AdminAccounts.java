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
    record Account(long id, String username, String passwordHash, boolean active, boolean mustChangePassword) {
        @Override
        public String toString() {
            return "Account[id=" + id + ", username=" + username + ", active=" + active + "]";
        }
    }

    private static final String SELECT = "SELECT id, username, password_hash, status, must_change_password FROM admin_users";

    private final JdbcClient jdbc;

    AdminAccounts(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Optional<Account> byUsername(String username) {
        return jdbc.sql(SELECT + " WHERE username = ?").param(username).query((r, n) -> account(r)).optional();
    }

    Optional<Account> byId(long id) {
        return jdbc.sql(SELECT + " WHERE id = ?").param(id).query((r, n) -> account(r)).optional();
    }

    /**
     * The codes of every permission of every role of the admin: the token's {@code perms} claim. None while the
     * admin must change their password: then only change-password and logout are open (everywhere, since every
     * service checks {@code perms}).
     */
    List<String> tokenPermissions(Account account) {
        if (account.mustChangePassword()) {
            return List.of();
        }
        return jdbc.sql("""
                SELECT DISTINCT p.code FROM admin_user_roles ar
                  JOIN rbac_role_permissions rp ON rp.role_id = ar.role_id
                  JOIN rbac_permissions p ON p.id = rp.permission_id
                 WHERE ar.admin_user_id = ? ORDER BY p.code""")
                .param(account.id()).query(String.class).list();
    }

    void loggedIn(long adminId, Instant at) {
        jdbc.sql("UPDATE admin_users SET last_login_at = ? WHERE id = ?").params(Timestamp.from(at), adminId).update();
    }

    void passwordChanged(long adminId, String hash) {
        jdbc.sql("UPDATE admin_users SET password_hash = ?, must_change_password = FALSE, version = version + 1 WHERE id = ?")
                .params(hash, adminId).update();
    }

    private static Account account(java.sql.ResultSet r) throws java.sql.SQLException {
        return new Account(r.getLong(1), r.getString(2), r.getString(3), "ACTIVE".equals(r.getString(4)), r.getBoolean(5));
    }
}

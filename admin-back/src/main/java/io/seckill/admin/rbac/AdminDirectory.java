package io.seckill.admin.rbac;

import io.seckill.kernel.error.ApiException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Reads of {@code admin_users} with their roles, as {@code /api/admin/admins} returns them (never a hash). */
@Repository
class AdminDirectory {

    record RoleRef(String id, String name) {
    }

    record AdminView(String id, String username, String displayName, String status, boolean mustChangePassword,
                     List<RoleRef> roles, Instant lastLoginAt, Instant createdAt, Instant updatedAt) {
    }

    private record Row(long id, String username, String displayName, String status, boolean mustChangePassword,
                       Instant lastLoginAt, Instant createdAt, Instant updatedAt) {
    }

    private static final String SELECT = "SELECT id, username, display_name, status, must_change_password, last_login_at,"
            + " created_at, updated_at FROM admin_users";

    private final JdbcClient jdbc;

    AdminDirectory(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    long count(String where, List<Object> params) {
        return jdbc.sql("SELECT COUNT(*) FROM admin_users" + where).params(params).query(Long.class).single();
    }

    List<AdminView> page(String where, List<Object> params) {
        return jdbc.sql(SELECT + where + " ORDER BY username LIMIT ? OFFSET ?").params(params).query(AdminDirectory::row)
                .list().stream().map(this::view).toList();
    }

    /** @param forUpdate lock the admin row until the transaction ends */
    AdminView find(long id, boolean forUpdate) {
        return jdbc.sql(SELECT + " WHERE id = ?" + (forUpdate ? " FOR UPDATE" : "")).param(id).query(AdminDirectory::row)
                .optional().map(this::view).orElseThrow(() -> ApiException.notFound("admin " + id));
    }

    private AdminView view(Row row) {
        List<RoleRef> roles = jdbc.sql("""
                SELECT r.id, r.name FROM admin_user_roles ar JOIN rbac_roles r ON r.id = ar.role_id
                 WHERE ar.admin_user_id = ? ORDER BY r.name""")
                .param(row.id()).query((r, n) -> new RoleRef(Long.toString(r.getLong(1)), r.getString(2))).list();
        return new AdminView(Long.toString(row.id()), row.username(), row.displayName(), row.status(),
                row.mustChangePassword(), roles, row.lastLoginAt(), row.createdAt(), row.updatedAt());
    }

    private static Row row(ResultSet r, int n) throws SQLException {
        Timestamp lastLogin = r.getTimestamp(6);
        return new Row(r.getLong(1), r.getString(2), r.getString(3), r.getString(4), r.getBoolean(5),
                lastLogin == null ? null : lastLogin.toInstant(), r.getTimestamp(7).toInstant(), r.getTimestamp(8).toInstant());
    }
}

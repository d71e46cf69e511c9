package io.seckill.admin.rbac;

import io.seckill.kernel.error.ApiException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Reads of {@code rbac_roles} with their permission codes, as {@code /api/admin/roles} returns them. */
@Repository
class Roles {

    record RoleView(String id, String name, String description, boolean builtIn, List<String> permissions,
                    Instant createdAt, Instant updatedAt) {
    }

    private record Row(long id, String name, String description, boolean builtIn, Instant createdAt, Instant updatedAt) {
    }

    private static final String SELECT = "SELECT id, name, description, built_in, created_at, updated_at FROM rbac_roles";

    private final JdbcClient jdbc;

    Roles(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    long count() {
        return jdbc.sql("SELECT COUNT(*) FROM rbac_roles").query(Long.class).single();
    }

    List<RoleView> page(int size, long offset) {
        return jdbc.sql(SELECT + " ORDER BY name LIMIT ? OFFSET ?").params(size, offset).query(Roles::row).list()
                .stream().map(this::view).toList();
    }

    /** @param forUpdate lock the role row until the transaction ends */
    RoleView find(long id, boolean forUpdate) {
        return jdbc.sql(SELECT + " WHERE id = ?" + (forUpdate ? " FOR UPDATE" : "")).param(id).query(Roles::row)
                .optional().map(this::view).orElseThrow(() -> ApiException.notFound("role " + id));
    }

    /** 409 BUILT_IN for SUPER_ADMIN: it holds every permission by definition. */
    RoleView findEditable(long id) {
        RoleView role = find(id, true);
        if (role.builtIn()) {
            throw new ApiException(RbacProblem.BUILT_IN, "role " + role.name() + " is built in");
        }
        return role;
    }

    private RoleView view(Row row) {
        List<String> codes = jdbc.sql("""
                SELECT p.code FROM rbac_role_permissions rp JOIN rbac_permissions p ON p.id = rp.permission_id
                 WHERE rp.role_id = ? ORDER BY p.code""").param(row.id()).query(String.class).list();
        return new RoleView(Long.toString(row.id()), row.name(), row.description(), row.builtIn(), codes,
                row.createdAt(), row.updatedAt());
    }

    private static Row row(ResultSet r, int n) throws SQLException {
        return new Row(r.getLong(1), r.getString(2), r.getString(3), r.getBoolean(4), r.getTimestamp(5).toInstant(),
                r.getTimestamp(6).toInstant());
    }
}

package io.seckill.admin.rbac;

import static org.assertj.core.api.Assertions.assertThat;

import io.seckill.admin.support.AdminApiTest;
import io.seckill.admin.support.Http;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * /api/admin/admins: creation with a generated or a given password, the forced password change, roles taking effect
 * at the next refresh, disable ending every session, and the guards (not oneself, not the last rbac:admin holder).
 */
class AdminAccountsApiTest extends AdminApiTest {

    private static final String STRONG = "Back-office-2026";

    @Test
    void anAdminWithAGeneratedPasswordCanOnlyChangeItUntilTheyDo() {
        String rbac = admin("rbac:admin");
        String token = login(rbac);
        String username = "ops" + ids.nextId();
        String role = role(token, "product:read");

        Http.Response created = http().post("/api/admin/admins", token, "{\"username\":\"" + username
                + "\",\"displayName\":\"Ops\",\"roleIds\":[" + role + "],\"status\":\"DISABLED\",\"mustChangePassword\":false,\"id\":\"5\"}");

        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String id = created.json().path("admin").path("id").asString();
        String initial = created.json().path("initialPassword").asString();
        assertThat(id).isNotEqualTo("5");
        assertThat(created.json().path("admin").path("status").asString()).isEqualTo("ACTIVE");
        assertThat(created.json().path("admin").path("mustChangePassword").asBoolean()).isTrue();
        assertThat(created.body()).doesNotContain("password_hash").doesNotContain("$2a$");
        assertOneAuditRow("ADMIN_CREATE", id, rbac);
        assertThat(jdbc.sql("SELECT after_summary FROM audit_log WHERE action = 'ADMIN_CREATE' AND target_id = ?")
                .param(id).query(String.class).single()).doesNotContain(initial);

        Http.Response login = http().post("/api/admin/auth/login", null, credentials(username, initial));
        assertThat(login.json().path("passwordChangeRequired").asBoolean()).isTrue();
        String restricted = login.json().path("accessToken").asString();
        assertProblem(http().get("/api/admin/products", restricted), 403, "PASSWORD_CHANGE_REQUIRED");

        assertProblem(http().post("/api/admin/auth/password", restricted, change("wrong-password-1", STRONG)), 401, "INVALID_CREDENTIALS");
        Http.Response weak = http().post("/api/admin/auth/password", restricted, change(initial, "short1"));
        assertProblem(weak, 400, "VALIDATION_FAILED");
        assertThat(weak.json().path("errors").get(0).path("field").asString()).isEqualTo("newPassword");
        Http.Response changed = http().post("/api/admin/auth/password", restricted, change(initial, STRONG));

        assertThat(changed.status()).as(changed.body()).isEqualTo(200);
        assertThat(changed.json().path("passwordChangeRequired").asBoolean()).isFalse();
        assertThat(http().get("/api/admin/products", changed.json().path("accessToken").asString()).status()).isEqualTo(200);
        assertProblem(http().get("/api/admin/products", restricted), 401, "UNAUTHENTICATED");
        assertOneAuditRow("ADMIN_PASSWORD_CHANGE", id, username);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_log WHERE action = 'ADMIN_LOGIN' AND target_id = ?").param(id)
                .query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void aGivenPasswordMustPassThePolicyAndUsernamesAreUnique() {
        String token = tokenWith("rbac:admin");
        String username = "Lead" + ids.nextId();
        Http.Response weak = http().post("/api/admin/admins", token, "{\"username\":\"" + username
                + "\",\"displayName\":\"Lead\",\"password\":\"" + username + "-2026-long\"}");
        assertProblem(weak, 400, "VALIDATION_FAILED");
        assertThat(weak.json().path("errors").get(0).path("field").asString()).isEqualTo("password");
        Http.Response bad = http().post("/api/admin/admins", token, "{\"username\":\"no spaces\",\"displayName\":\"\"}");
        assertProblem(bad, 400, "VALIDATION_FAILED");
        assertThat(bad.json().path("errors").valueStream().map(e -> e.path("field").asString()).toList())
                .contains("username", "displayName");

        Http.Response created = http().post("/api/admin/admins", token, "{\"username\":\"" + username
                + "\",\"displayName\":\"Lead\",\"password\":\"" + STRONG + "\"}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.json().path("initialPassword").isNull()).isTrue();
        assertThat(created.json().path("admin").path("mustChangePassword").asBoolean()).isFalse();
        assertProblem(http().post("/api/admin/admins", token, "{\"username\":\"" + username.toLowerCase()
                + "\",\"displayName\":\"Lead\"}"), 409, "NAME_TAKEN");
        assertProblem(http().post("/api/admin/admins", token, "{\"username\":\"u" + ids.nextId()
                + "\",\"displayName\":\"x\",\"roleIds\":[42]}"), 400, "VALIDATION_FAILED");
        assertProblem(http().get("/api/admin/admins/42", token), 404, "NOT_FOUND");
        assertThat(http().get("/api/admin/admins?q=" + username.substring(0, 8) + "&status=ACTIVE", token).json()
                .path("total").asLong()).isPositive();
    }

    @Test
    void aRoleChangeReachesTheTokenAtTheNextRefreshAndDisablingEndsEverySessionAtOnce() {
        String rbac = admin("rbac:admin");
        String token = login(rbac);
        String other = admin("product:read");
        long otherId = adminId(other);
        Http.Response session = http().post("/api/admin/auth/login", null, credentials(other, password(other)));
        String access = session.json().path("accessToken").asString();
        String refresh = session.json().path("refreshToken").asString();

        String auditRole = role(token, "audit:read");
        assertThat(http().put("/api/admin/admins/" + otherId + "/roles/" + auditRole, token, null).status()).isEqualTo(204);
        assertOneAuditRow("ADMIN_ROLE_ASSIGN", Long.toString(otherId), rbac);
        assertThat(http().get("/api/admin/audit-logs", access).status()).isEqualTo(403);
        Http.Response refreshed = http().post("/api/admin/auth/refresh", null, "{\"refreshToken\":\"" + refresh + "\"}");
        access = refreshed.json().path("accessToken").asString();
        refresh = refreshed.json().path("refreshToken").asString();
        assertThat(http().get("/api/admin/audit-logs", access).status()).isEqualTo(200);

        Http.Response disabled = http().post("/api/admin/admins/" + otherId + "/disable", token, null);

        assertThat(disabled.json().path("status").asString()).isEqualTo("DISABLED");
        assertOneAuditRow("ADMIN_DISABLE", Long.toString(otherId), rbac);
        assertProblem(http().get("/api/admin/products", access), 401, "UNAUTHENTICATED");
        assertProblem(http().post("/api/admin/auth/refresh", null, "{\"refreshToken\":\"" + refresh + "\"}"), 401, "REFRESH_TOKEN_INVALID");
        assertProblem(http().post("/api/admin/auth/login", null, credentials(other, password(other))), 401, "INVALID_CREDENTIALS");

        assertThat(http().post("/api/admin/admins/" + otherId + "/enable", token, null).json().path("status").asString()).isEqualTo("ACTIVE");
        assertOneAuditRow("ADMIN_ENABLE", Long.toString(otherId), rbac);
        assertThat(login(other)).isNotBlank();

        Http.Response reset = http().post("/api/admin/admins/" + otherId + "/password-reset", token, null);
        String initial = reset.json().path("initialPassword").asString();
        assertOneAuditRow("ADMIN_PASSWORD_RESET", Long.toString(otherId), rbac);
        assertThat(http().post("/api/admin/auth/login", null, credentials(other, initial)).json()
                .path("passwordChangeRequired").asBoolean()).isTrue();
    }

    @Test
    void theLastActiveRbacAdminCannotBeDisabledStrippedOrDeletedAndNobodyDisablesThemself() {
        List<Long> others = jdbc.sql("""
                SELECT DISTINCT u.id FROM admin_users u JOIN admin_user_roles ar ON ar.admin_user_id = u.id
                  JOIN rbac_role_permissions rp ON rp.role_id = ar.role_id JOIN rbac_permissions p ON p.id = rp.permission_id
                 WHERE u.status = 'ACTIVE' AND p.code = 'rbac:admin'""").query(Long.class).list();
        String first = admin("rbac:admin");
        String second = admin("rbac:admin");
        jdbc.sql("UPDATE admin_users SET status = 'DISABLED' WHERE id IN (" + join(others) + ")").update();
        try {
            String firstToken = login(first);
            String secondToken = login(second);
            long firstId = adminId(first);
            long secondId = adminId(second);
            long secondRole = roleOf(second);

            assertProblem(http().post("/api/admin/admins/" + firstId + "/disable", firstToken, null), 409, "SELF");
            assertProblem(http().delete("/api/admin/admins/" + firstId, firstToken), 409, "SELF");
            assertThat(http().post("/api/admin/admins/" + firstId + "/disable", secondToken, null).status()).isEqualTo(200);

            assertProblem(http().delete("/api/admin/admins/" + secondId + "/roles/" + secondRole, secondToken), 409, "LAST_RBAC_ADMIN");
            String rbacPermission = jdbc.sql("SELECT id FROM rbac_permissions WHERE code = 'rbac:admin'").query(Long.class).single().toString();
            assertProblem(http().delete("/api/admin/roles/" + secondRole + "/permissions/" + rbacPermission, secondToken), 409, "LAST_RBAC_ADMIN");
            assertThat(http().get("/api/admin/admins/" + secondId, secondToken).json().path("roles")).hasSize(1);
            assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_log WHERE target_id = ? AND action IN ('ADMIN_ROLE_UNASSIGN', 'ROLE_PERMISSION_REVOKE')")
                    .param(Long.toString(secondId)).query(Long.class).single()).isZero();

            assertThat(http().post("/api/admin/admins/" + firstId + "/enable", secondToken, null).status()).isEqualTo(200);
            assertThat(http().delete("/api/admin/admins/" + firstId, secondToken).status()).isEqualTo(204);
            assertOneAuditRow("ADMIN_DELETE", Long.toString(firstId), second);
            assertProblem(http().get("/api/admin/admins/" + firstId, secondToken), 404, "NOT_FOUND");
        } finally {
            jdbc.sql("UPDATE admin_users SET status = 'ACTIVE' WHERE id IN (" + join(others) + ")").update();
        }
    }

    @Test
    void twoLastRbacAdminsDisablingEachOtherAtTheSameMomentLeaveOneOfThemActive() {
        List<Long> others = activeRbacAdmins();
        jdbc.sql("UPDATE admin_users SET status = 'DISABLED' WHERE id IN (" + join(others) + ")").update();
        try {
            for (int round = 0; round < 3; round++) {
                String first = admin("rbac:admin");
                String second = admin("rbac:admin");
                String firstToken = login(first);
                String secondToken = login(second);
                java.util.concurrent.CompletableFuture<Http.Response> a = java.util.concurrent.CompletableFuture.supplyAsync(
                        () -> http().post("/api/admin/admins/" + adminId(second) + "/disable", firstToken, null));
                java.util.concurrent.CompletableFuture<Http.Response> b = java.util.concurrent.CompletableFuture.supplyAsync(
                        () -> http().post("/api/admin/admins/" + adminId(first) + "/disable", secondToken, null));
                List<Integer> statuses = List.of(a.join().status(), b.join().status());

                assertThat(statuses).as("round " + round).containsOnlyOnce(200);
                assertThat(activeRbacAdmins()).as("round " + round).hasSize(1);
                jdbc.sql("UPDATE admin_users SET status = 'DISABLED' WHERE id IN (?, ?)")
                        .params(adminId(first), adminId(second)).update();
            }
        } finally {
            jdbc.sql("UPDATE admin_users SET status = 'ACTIVE' WHERE id IN (" + join(others) + ")").update();
        }
    }

    private List<Long> activeRbacAdmins() {
        return jdbc.sql("""
                SELECT DISTINCT u.id FROM admin_users u JOIN admin_user_roles ar ON ar.admin_user_id = u.id
                  JOIN rbac_role_permissions rp ON rp.role_id = ar.role_id JOIN rbac_permissions p ON p.id = rp.permission_id
                 WHERE u.status = 'ACTIVE' AND p.code = 'rbac:admin'""").query(Long.class).list();
    }

    private String role(String token, String permission) {
        Http.Response role = http().post("/api/admin/roles", token, "{\"name\":\"r" + ids.nextId() + "\",\"permissions\":[\"" + permission + "\"]}");
        assertThat(role.status()).as(role.body()).isEqualTo(201);
        return role.json().path("id").asString();
    }

    private long adminId(String username) {
        return jdbc.sql("SELECT id FROM admin_users WHERE username = ?").param(username).query(Long.class).single();
    }

    private long roleOf(String username) {
        return jdbc.sql("SELECT role_id FROM admin_user_roles WHERE admin_user_id = ?").param(adminId(username)).query(Long.class).single();
    }

    private static String join(List<Long> ids) {
        return ids.isEmpty() ? "-1" : String.join(",", ids.stream().map(String::valueOf).toList());
    }

    private static String credentials(String username, String password) {
        return "{\"username\":\"" + username + "\",\"password\":\"" + password + "\"}";
    }

    private static String change(String current, String next) {
        return "{\"currentPassword\":\"" + current + "\",\"newPassword\":\"" + next + "\"}";
    }
}

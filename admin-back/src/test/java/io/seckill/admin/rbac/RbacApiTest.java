package io.seckill.admin.rbac;

import static org.assertj.core.api.Assertions.assertThat;

import io.seckill.admin.support.AdminApiTest;
import io.seckill.admin.support.Http;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Roles and permissions: CRUD, uniqueness, built-in protection, grants, validation and one audit row per write. */
class RbacApiTest extends AdminApiTest {

    @Test
    void aRoleIsCreatedReadRenamedGrantedRevokedAndDeletedWithOneAuditRowEach() {
        String username = admin("rbac:admin");
        String token = login(username);
        Http http = http();
        String name = "Catalog editors " + ids.nextId();

        Http.Response created = http.post("/api/admin/roles", token, "{\"name\":\"" + name
                + "\",\"description\":\"edit products\",\"permissions\":[\"product:read\",\"product:write\"],"
                + "\"id\":\"1\",\"builtIn\":true,\"createdAt\":\"2000-01-01T00:00:00Z\"}");

        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String id = created.json().path("id").asString();
        assertThat(id).isNotEqualTo("1");
        assertThat(created.json().path("builtIn").asBoolean()).isFalse();
        assertThat(created.header("Location")).isEqualTo("/api/admin/roles/" + id);
        assertThat(strings(created.json().path("permissions"))).containsExactly("product:read", "product:write");
        assertOneAuditRow("ROLE_CREATE", id, username);

        Http.Response renamed = http.put("/api/admin/roles/" + id, token, "{\"name\":\"" + name + " v2\",\"description\":\"\"}");
        assertThat(renamed.json().path("name").asString()).isEqualTo(name + " v2");
        assertOneAuditRow("ROLE_UPDATE", id, username);

        String auditRead = permissionId("audit:read");
        assertThat(http.put("/api/admin/roles/" + id + "/permissions/" + auditRead, token, null).status()).isEqualTo(204);
        assertThat(http.put("/api/admin/roles/" + id + "/permissions/" + auditRead, token, null).status()).isEqualTo(204);
        assertOneAuditRow("ROLE_PERMISSION_GRANT", id, username);
        assertThat(strings(http.get("/api/admin/roles/" + id, token).json().path("permissions"))).contains("audit:read");

        assertThat(http.delete("/api/admin/roles/" + id + "/permissions/" + auditRead, token).status()).isEqualTo(204);
        assertOneAuditRow("ROLE_PERMISSION_REVOKE", id, username);
        assertThat(strings(http.get("/api/admin/roles/" + id, token).json().path("permissions"))).doesNotContain("audit:read");

        assertThat(http.get("/api/admin/roles?size=100", token).json().path("total").asLong()).isPositive();
        assertThat(http.delete("/api/admin/roles/" + id, token).status()).isEqualTo(204);
        assertOneAuditRow("ROLE_DELETE", id, username);
        assertProblem(http.get("/api/admin/roles/" + id, token), 404, "NOT_FOUND");
    }

    @Test
    void roleNamesAreUniqueIgnoringCaseAndInputIsValidated() {
        String token = tokenWith("rbac:admin");
        Http http = http();
        String name = "Auditors " + ids.nextId();
        assertThat(http.post("/api/admin/roles", token, "{\"name\":\"" + name + "\"}").status()).isEqualTo(201);

        assertProblem(http.post("/api/admin/roles", token, "{\"name\":\"" + name.toUpperCase() + "\"}"), 409, "NAME_TAKEN");
        Http.Response blank = http.post("/api/admin/roles", token, "{\"name\":\" \"}");
        assertProblem(blank, 400, "VALIDATION_FAILED");
        assertThat(blank.json().path("errors").get(0).path("field").asString()).isEqualTo("name");
        Http.Response unknown = http.post("/api/admin/roles", token, "{\"name\":\"x" + ids.nextId() + "\",\"permissions\":[\"rocket:launch\"]}");
        assertProblem(unknown, 400, "VALIDATION_FAILED");
        assertThat(unknown.json().path("errors").get(0).path("field").asString()).isEqualTo("permissions");
        assertProblem(http.put("/api/admin/roles/42", token, "{\"name\":\"y\"}"), 404, "NOT_FOUND");
        assertProblem(http.put("/api/admin/roles/42/permissions/1", token, null), 404, "NOT_FOUND");
    }

    @Test
    void theBuiltInSuperAdminRoleCannotBeChangedAndAnAssignedRoleCannotBeDeleted() {
        String token = tokenWith("rbac:admin");
        Http http = http();
        assertProblem(http.put("/api/admin/roles/1", token, "{\"name\":\"Anything\"}"), 409, "BUILT_IN");
        assertProblem(http.delete("/api/admin/roles/1", token), 409, "BUILT_IN");
        assertProblem(http.delete("/api/admin/roles/1/permissions/" + permissionId("rbac:admin"), token), 409, "BUILT_IN");

        String holder = admin("product:read");
        String role = jdbc.sql("SELECT role_id FROM admin_user_roles ar JOIN admin_users u ON u.id = ar.admin_user_id"
                + " WHERE u.username = ?").param(holder).query(Long.class).single().toString();
        assertProblem(http.delete("/api/admin/roles/" + role, token), 409, "IN_USE");
    }

    @Test
    void customPermissionsCanBeAddedAndDeletedButBuiltInOnesAndOnesInUseCannot() {
        String username = admin("rbac:admin");
        String token = login(username);
        Http http = http();
        String code = "report" + ids.nextId() % 100000 + ":view";

        Http.Response created = http.post("/api/admin/permissions", token, "{\"code\":\"" + code + "\",\"description\":\"Reports\",\"builtIn\":true}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.json().path("builtIn").asBoolean()).isFalse();
        String id = created.json().path("id").asString();
        assertOneAuditRow("PERMISSION_CREATE", id, username);
        assertProblem(http.post("/api/admin/permissions", token, "{\"code\":\"" + code + "\"}"), 409, "NAME_TAKEN");
        assertProblem(http.post("/api/admin/permissions", token, "{\"code\":\"NoColon\"}"), 400, "VALIDATION_FAILED");
        assertThat(http.get("/api/admin/permissions", token).json().path("items").valueStream()
                .filter(p -> p.path("code").asString().equals("product:read"))
                .allMatch(p -> p.path("builtIn").asBoolean())).isTrue();

        assertProblem(http.delete("/api/admin/permissions/" + permissionId("product:read"), token), 409, "BUILT_IN");
        Http.Response role = http.post("/api/admin/roles", token, "{\"name\":\"r" + ids.nextId() + "\",\"permissions\":[\"" + code + "\"]}");
        assertProblem(http.delete("/api/admin/permissions/" + id, token), 409, "IN_USE");
        http.delete("/api/admin/roles/" + role.json().path("id").asString(), token);

        assertThat(http.put("/api/admin/permissions/" + id, token, "{\"description\":\"Monthly reports\"}").json()
                .path("description").asString()).isEqualTo("Monthly reports");
        assertThat(http.delete("/api/admin/permissions/" + id, token).status()).isEqualTo(204);
        assertOneAuditRow("PERMISSION_DELETE", id, username);
        assertProblem(http.delete("/api/admin/permissions/" + id, token), 404, "NOT_FOUND");
    }

    private String permissionId(String code) {
        return jdbc.sql("SELECT id FROM rbac_permissions WHERE code = ?").param(code).query(Long.class).single().toString();
    }

    static JsonNode item(JsonNode page, String field, String value) {
        return page.path("items").valueStream().filter(i -> i.path(field).asString().equals(value)).findFirst().orElseThrow();
    }
}

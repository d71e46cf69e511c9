package io.seckill.admin.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.seckill.admin.support.AdminApiTest;
import io.seckill.admin.support.Http;
import io.seckill.infra.embedded.TestTokens;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * The role × endpoint matrix: every admin endpoint refuses an anonymous caller (401), a customer token (401) and an
 * admin without its permission (403). The endpoint list is checked against the application's own mappings, so a
 * new endpoint cannot escape the matrix.
 */
class AuthorizationMatrixTest extends AdminApiTest {

    record Endpoint(String method, String path, String permission) {
        String key() {
            return method + " " + path.replaceAll("/\\d+", "/{id}");
        }
    }

    private static final String BODY = "{}";
    private static final List<Endpoint> ENDPOINTS = List.of(
            new Endpoint("GET", "/api/admin/products", "product:read"),
            new Endpoint("GET", "/api/admin/products/1", "product:read"),
            new Endpoint("POST", "/api/admin/products", "product:write"),
            new Endpoint("PUT", "/api/admin/products/1", "product:write"),
            new Endpoint("DELETE", "/api/admin/products/1", "product:write"),
            new Endpoint("GET", "/api/admin/activities", "activity:read"),
            new Endpoint("GET", "/api/admin/activities/1", "activity:read"),
            new Endpoint("POST", "/api/admin/activities", "activity:write"),
            new Endpoint("PUT", "/api/admin/activities/1", "activity:write"),
            new Endpoint("DELETE", "/api/admin/activities/1", "activity:write"),
            new Endpoint("POST", "/api/admin/activities/1/preheat", "activity:preheat"),
            new Endpoint("POST", "/api/admin/activities/1/schedule", "activity:write"),
            new Endpoint("GET", "/api/admin/activities/1/stats", "activity:read"),
            new Endpoint("GET", "/api/admin/audit-logs", "audit:read"),
            new Endpoint("GET", "/api/admin/settings", "settings:read"),
            new Endpoint("GET", "/api/admin/settings/1", "settings:read"),
            new Endpoint("PUT", "/api/admin/settings/1", "settings:write"),
            new Endpoint("GET", "/api/admin/permissions", "rbac:admin"),
            new Endpoint("POST", "/api/admin/permissions", "rbac:admin"),
            new Endpoint("PUT", "/api/admin/permissions/1", "rbac:admin"),
            new Endpoint("DELETE", "/api/admin/permissions/1", "rbac:admin"),
            new Endpoint("GET", "/api/admin/roles", "rbac:admin"),
            new Endpoint("GET", "/api/admin/roles/1", "rbac:admin"),
            new Endpoint("POST", "/api/admin/roles", "rbac:admin"),
            new Endpoint("PUT", "/api/admin/roles/1", "rbac:admin"),
            new Endpoint("DELETE", "/api/admin/roles/1", "rbac:admin"),
            new Endpoint("PUT", "/api/admin/roles/1/permissions/2", "rbac:admin"),
            new Endpoint("DELETE", "/api/admin/roles/1/permissions/2", "rbac:admin"),
            new Endpoint("GET", "/api/admin/admins", "rbac:admin"),
            new Endpoint("GET", "/api/admin/admins/1", "rbac:admin"),
            new Endpoint("POST", "/api/admin/admins", "rbac:admin"),
            new Endpoint("PUT", "/api/admin/admins/1", "rbac:admin"),
            new Endpoint("DELETE", "/api/admin/admins/1", "rbac:admin"),
            new Endpoint("PUT", "/api/admin/admins/1/roles/2", "rbac:admin"),
            new Endpoint("DELETE", "/api/admin/admins/1/roles/2", "rbac:admin"),
            new Endpoint("POST", "/api/admin/admins/1/disable", "rbac:admin"),
            new Endpoint("POST", "/api/admin/admins/1/enable", "rbac:admin"),
            new Endpoint("POST", "/api/admin/admins/1/password-reset", "rbac:admin"),
            new Endpoint("GET", "/api/admin/users", "user:read"),
            new Endpoint("GET", "/api/admin/users/1", "user:read"),
            new Endpoint("POST", "/api/admin/users/1/disable", "user:write"),
            new Endpoint("POST", "/api/admin/users/1/enable", "user:write"));
    /** Public, or needing a token but no permission. */
    private static final Set<String> NOT_PERMISSION_CHECKED = Set.of(
            "POST /api/admin/auth/login", "POST /api/admin/auth/refresh", "POST /api/admin/auth/logout",
            "POST /api/admin/auth/password");

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    @Test
    void theMatrixCoversEveryAdminEndpointOfTheApplication() {
        Set<String> mapped = new TreeSet<>();
        mappings.getHandlerMethods().keySet().forEach(info -> info.getPatternValues().stream()
                .filter(p -> p.startsWith("/api/admin"))
                .forEach(p -> info.getMethodsCondition().getMethods()
                        .forEach(m -> mapped.add(m.name() + " " + p.replaceAll("\\{[^}]+}", "{id}")))));
        Set<String> covered = new TreeSet<>(NOT_PERMISSION_CHECKED);
        ENDPOINTS.forEach(e -> covered.add(e.key()));

        assertThat(covered).isEqualTo(mapped);
    }

    @Test
    void everyAdminEndpointDeclaresThePermissionTheMatrixExpects() {
        mappings.getHandlerMethods().forEach((info, method) -> info.getPatternValues().stream()
                .filter(p -> p.startsWith("/api/admin") && !p.equals("/api/admin/auth/login") && !p.equals("/api/admin/auth/refresh"))
                .forEach(p -> {
                    RequiresPermission declared = method.getMethodAnnotation(RequiresPermission.class);
                    assertThat(declared).as(p).isNotNull();
                    String key = info.getMethodsCondition().getMethods().iterator().next().name() + " "
                            + p.replaceAll("\\{[^}]+}", "{id}");
                    ENDPOINTS.stream().filter(e -> e.key().equals(key))
                            .forEach(e -> assertThat(declared.value()).as(key).isEqualTo(e.permission()));
                }));
    }

    @Test
    void everyEndpointRefusesAnonymousCustomerAndUnpermittedCallers() {
        Http http = http();
        String customer = TestTokens.customerToken(7);
        for (Endpoint e : ENDPOINTS) {
            String body = "GET".equals(e.method()) || "DELETE".equals(e.method()) ? null : BODY;
            assertProblem(http.send(e.method(), e.path(), null, body), 401, "UNAUTHENTICATED");
            assertProblem(http.send(e.method(), e.path(), customer, body), 401, "UNAUTHENTICATED");
            String others = ENDPOINTS.stream().map(Endpoint::permission).filter(p -> !p.equals(e.permission()))
                    .findFirst().orElseThrow();
            String without = TestTokens.adminToken(7, others);
            Http.Response refused = http.send(e.method(), e.path(), without, body);
            assertThat(refused.status()).as(e.key() + " without " + e.permission()).isEqualTo(403);
            assertThat(refused.code()).isEqualTo("FORBIDDEN");
        }
    }
}

package io.seckill.compensation.archive;

import static org.assertj.core.api.Assertions.assertThat;

import io.seckill.compensation.support.CompensationTest;
import io.seckill.infra.embedded.TestTokens;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every archive endpoint answers 401 without an admin token and 403 without its permission, as problem+json. */
class ArchiveAuthorizationTest extends CompensationTest {

    private static final HttpClient http = HttpClient.newHttpClient();

    record Endpoint(String method, String path, String permission) {
        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    static List<Endpoint> endpoints() {
        return List.of(
                new Endpoint("GET", "/api/admin/archives", "archive:read"),
                new Endpoint("GET", "/api/admin/archives/1", "archive:read"),
                new Endpoint("POST", "/api/admin/archives/1/retry", "archive:retry"),
                new Endpoint("POST", "/api/admin/archives/retry", "archive:retry"),
                new Endpoint("GET", "/api/admin/archives/export.csv", "archive:export"));
    }

    @ParameterizedTest
    @MethodSource("endpoints")
    void refusesNoTokenACustomerTokenAndAnAdminWithoutThePermission(Endpoint endpoint) throws Exception {
        expect(call(endpoint, null), 401, "UNAUTHENTICATED");
        expect(call(endpoint, TestTokens.customerToken(nextId())), 401, "UNAUTHENTICATED");
        List<String> others = new java.util.ArrayList<>(List.of("archive:read", "archive:retry", "archive:export", "tx:read"));
        others.remove(endpoint.permission());
        expect(call(endpoint, TestTokens.adminToken(nextId(), others.toArray(String[]::new))), 403, "FORBIDDEN");
        assertThat(call(endpoint, TestTokens.adminToken(nextId(), endpoint.permission())).statusCode()).isNotIn(401, 403);
    }

    private HttpResponse<String> call(Endpoint endpoint, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + endpoint.path()))
                .header("Content-Type", "application/json")
                .method(endpoint.method(), endpoint.method().equals("POST") ? HttpRequest.BodyPublishers.ofString("{\"ids\":[1]}")
                        : HttpRequest.BodyPublishers.noBody());
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void expect(HttpResponse<String> response, int status, String code) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(json.readTree(response.body()).path("code").asString()).isEqualTo(code);
    }
}

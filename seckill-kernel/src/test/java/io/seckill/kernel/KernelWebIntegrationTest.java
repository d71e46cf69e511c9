package io.seckill.kernel;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.seckill.kernel.id.IdGenerator;
import io.seckill.kernel.security.JwtKeys;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The kernel as a service sees it, over a real socket: every error is problem+json with a stable code, nothing
 * leaks, the actuator defaults are in place and the verifier is built from a JWK set file.
 */
@SpringBootTest(classes = KernelTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "spring.application.name=kernel-test")
class KernelWebIntegrationTest {

    private static final Path KEYS = Path.of("target", "kernel-test-keys");
    private static final ECKey KEY = JwtKeys.ensure(KEYS);

    private final HttpClient http = HttpClient.newHttpClient();
    private final JsonMapper json = JsonMapper.builder().build();

    @LocalServerPort
    int port;

    @Autowired
    IdGenerator ids;

    @Autowired
    Clock clock;

    @DynamicPropertySource
    static void jwt(DynamicPropertyRegistry registry) {
        registry.add("seckill.jwt.public-key-location", () -> "file:" + KEYS.resolve(JwtKeys.PUBLIC_KEYS_FILE).toAbsolutePath());
    }

    @Test
    void anApiExceptionKeepsItsCodeStatusPropertiesAndRetryAfter() throws Exception {
        HttpResponse<String> response = send("GET", "/test/limited", null, null);
        JsonNode body = problem(response, 429, "RATE_LIMITED");
        assertThat(response.headers().firstValue("Retry-After")).hasValue("2");
        assertThat(body.get("scope").asString()).isEqualTo("user");
        assertThat(body.get("type").asString()).isEqualTo("https://seckill.io/problems/rate-limited");
        assertThat(body.get("instance").asString()).isEqualTo("/test/limited");
        assertThat(body.get("title").asString()).isEqualTo("Too many requests");
    }

    @Test
    void anUnexpectedFailureIs500WithAnErrorIdAndNoDetailOfItsCause() throws Exception {
        HttpResponse<String> response = send("GET", "/test/boom", null, null);
        JsonNode body = problem(response, 500, "INTERNAL_ERROR");
        assertThat(body.get("errorId").asString()).isNotBlank();
        assertThat(response.body()).doesNotContain("secret-internal-detail", "IllegalStateException", "trace");
    }

    @Test
    void badInputIsA400WithAStableCode() throws Exception {
        JsonNode invalid = problem(send("POST", "/test/items", "{\"name\":\"\",\"quantity\":9}", "application/json"),
                400, "VALIDATION_FAILED");
        assertThat(invalid.get("errors").findValuesAsString("field")).containsExactlyInAnyOrder("name", "quantity");

        HttpResponse<String> broken = send("POST", "/test/items", "{\"name\":\"mug\",", "application/json");
        problem(broken, 400, "MALFORMED_REQUEST");
        assertThat(broken.body()).doesNotContain("jackson", "Unexpected end");

        problem(send("POST", "/test/items", "name=mug", "text/plain"), 415, "UNSUPPORTED_MEDIA_TYPE");
        problem(send("GET", "/test/items/abc", null, null), 400, "MALFORMED_REQUEST");
        problem(send("GET", "/test/page?size=0", null, null), 400, "VALIDATION_FAILED");
        problem(send("GET", "/test/page", null, null), 400, "MALFORMED_REQUEST");
        assertThat(send("POST", "/test/items", "{\"name\":\"mug\",\"quantity\":2}", "application/json").statusCode()).isEqualTo(201);
    }

    @Test
    void frameworkAnswersCarryCodesToo() throws Exception {
        problem(send("GET", "/no/such/path", null, null), 404, "NOT_FOUND");
        problem(send("DELETE", "/test/limited", null, null), 405, "METHOD_NOT_ALLOWED");
        problem(send("GET", "/test/items/12", null, null), 404, "NOT_FOUND");
        // Refused by a servlet filter, before Spring MVC: answered by the kernel's /error controller.
        problem(send("GET", "/test/filtered", null, null), 403, "FORBIDDEN");
    }

    @Test
    void tokensAreVerifiedWithTheConfiguredPublicKeys() throws Exception {
        problem(send("GET", "/test/me", null, null), 401, "UNAUTHENTICATED");
        HttpResponse<String> ok = http.send(HttpRequest.newBuilder(uri("/test/me"))
                .header("Authorization", "Bearer " + customerToken("31337")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(json.readTree(ok.body()).get("subject").asString()).isEqualTo("31337");
    }

    @Test
    void actuatorDefaultsAndCommonBeansAreInPlace() throws Exception {
        assertThat(send("GET", "/actuator/health/readiness", null, null).body()).contains("\"status\":\"UP\"");
        assertThat(send("GET", "/actuator/prometheus", null, null).body()).contains("application=\"kernel-test\"");
        assertThat(send("GET", "/actuator/env", null, null).statusCode()).isEqualTo(404);
        assertThat(ids.nextId()).isPositive();
        assertThat(clock.getZone().getId()).isIn("Z", "UTC");
    }

    private JsonNode problem(HttpResponse<String> response, int status, String code) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).get().asString().startsWith("application/problem+json");
        JsonNode body = json.readTree(response.body());
        assertThat(body.get("code").asString()).isEqualTo(code);
        assertThat(body.get("status").asInt()).isEqualTo(status);
        assertThat(body.get("title").asString()).isNotBlank();
        assertThat(body.get("detail").asString()).isNotBlank();
        return body;
    }

    private HttpResponse<String> send(String method, String path, String body, String contentType) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).method(method,
                body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    private static String customerToken(String subject) throws Exception {
        Instant now = Instant.now();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(KEY.getKeyID()).type(JOSEObjectType.JWT).build(),
                new JWTClaimsSet.Builder().issuer("seckill").audience("seckill-customer").subject(subject)
                        .issueTime(Date.from(now)).notBeforeTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(60)))
                        .jwtID(UUID.randomUUID().toString()).build());
        jwt.sign(new ECDSASigner(KEY));
        return jwt.serialize();
    }
}

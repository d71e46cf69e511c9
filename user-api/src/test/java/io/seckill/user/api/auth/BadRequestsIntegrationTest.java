package io.seckill.user.api.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.seckill.user.api.UserApiIntegrationTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Bad bodies are 400 problem+json with stable codes and, where a field is at fault, the field. Never a 500. */
class BadRequestsIntegrationTest extends UserApiIntegrationTest {

    @Test
    void namesEveryMissingFieldOfARegistration() {
        Answer answer = post("/api/auth/register", "{}");

        assertProblem(answer, "VALIDATION_FAILED");
        assertThat(fields(answer)).contains("mobile", "password", "smsCode", "nickname");
    }

    @Test
    void refusesMalformedJson() {
        for (String path : List.of("/api/auth/register", "/api/auth/login", "/api/auth/sms-codes", "/api/auth/refresh")) {
            Answer answer = post(path, "{\"mobile\": \"138");
            assertProblem(answer, "MALFORMED_REQUEST");
            assertThat(answer.raw().body()).doesNotContain("Unexpected end-of-input");
        }
    }

    @Test
    void refusesTenKilobyteStringsAsFieldErrors() {
        String huge = "1".repeat(10_240);
        Answer register = post("/api/auth/register", Map.of("mobile", huge, "password", huge, "smsCode", huge, "nickname", huge));
        assertProblem(register, "VALIDATION_FAILED");
        assertThat(fields(register)).contains("mobile", "password", "smsCode", "nickname");
        assertThat(register.raw().body()).doesNotContain(huge);

        Answer refresh = post("/api/auth/refresh", Map.of("refreshToken", huge));
        assertProblem(refresh, "VALIDATION_FAILED");
        assertThat(fields(refresh)).containsExactly("refreshToken");
    }

    @Test
    void namesAFieldOfTheWrongType() {
        Answer answer = post("/api/auth/login", "{\"mobile\": {\"a\": 1}, \"password\": \"x\"}");

        assertProblem(answer, "MALFORMED_REQUEST");
        assertThat(fields(answer)).containsExactly("mobile");
        assertProblem(post("/api/auth/sms-codes", "[\"13800138000\"]"), "MALFORMED_REQUEST");
    }

    @Test
    void wantsExactlyOneOfPasswordAndSmsCodeToLogIn() {
        assertProblem(post("/api/auth/login", Map.of("mobile", randomMobile())), "VALIDATION_FAILED");
        assertProblem(post("/api/auth/login", Map.of("mobile", randomMobile(), "password", PASSWORD, "smsCode", "123456")),
                "VALIDATION_FAILED");
        assertProblem(post("/api/auth/login", Map.of("mobile", randomMobile(), "smsCode", "12ab56")), "VALIDATION_FAILED");
    }

    @Test
    void refusesAWeakPasswordBeforeSpendingTheCode() {
        for (String weak : List.of("short1", "onlyletters", "1234567890")) {
            Answer answer = post("/api/auth/register", Map.of("mobile", randomMobile(), "password", weak,
                    "smsCode", "123456", "nickname", "n"));
            assertProblem(answer, "WEAK_PASSWORD");
            assertThat(answer.raw().body()).doesNotContain(weak);
        }
    }

    @Test
    void refusesARefreshTokenOfTheWrongShape() {
        Answer answer = post("/api/auth/refresh", Map.of("refreshToken", "not-a-token"));

        assertThat(answer.status()).isEqualTo(401);
        assertThat(answer.text("code")).isEqualTo("REFRESH_TOKEN_INVALID");
    }

    @Test
    void wantsATokenToLogOutOrReadMe() {
        assertThat(post("/api/auth/logout", "").status()).isEqualTo(401);
        assertThat(get("/api/users/me", Map.of()).text("code")).isEqualTo("UNAUTHENTICATED");
        assertThat(get("/api/users/me", bearer("garbage")).status()).isEqualTo(401);
    }

    private static void assertProblem(Answer answer, String code) {
        assertThat(answer.status()).as(answer.raw().body()).isEqualTo(400);
        assertThat(answer.contentType()).startsWith("application/problem+json");
        assertThat(answer.text("code")).isEqualTo(code);
    }

    private static List<String> fields(Answer answer) {
        List<String> fields = new ArrayList<>();
        JsonNode errors = answer.json().get("errors");
        if (errors != null) {
            errors.forEach(e -> fields.add(e.get("field").asString()));
        }
        return fields;
    }
}

package io.seckill.user.api.userclient;

import static org.assertj.core.api.Assertions.assertThat;

import io.seckill.user.api.UserApiHttpTest;
import io.seckill.user.api.UserServiceInJvm;
import io.seckill.user.contract.v1.CreateUserRequest;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

/**
 * user-api with its own user-service, which the test stops: every call that needs it is then a prompt 503
 * problem (not a 500, not a hang), first from the failed calls and then from the open circuit.
 */
@TestPropertySource(properties = {"seckill.user-service.deadline=1s", "seckill.user-service.minimum-calls=3",
        "seckill.user-service.open-for=1m"})
class UserServiceDownIntegrationTest extends UserApiHttpTest {

    private static UserServiceInJvm own;

    @DynamicPropertySource
    static void ownUserService(DynamicPropertyRegistry registry) {
        registry.add("seckill.user-service.address", () -> ownUserService().address());
    }

    private static synchronized UserServiceInJvm ownUserService() {
        if (own == null) {
            own = UserServiceInJvm.start();
        }
        return own;
    }

    @AfterAll
    static void stopIt() {
        if (own != null) {
            own.close();
        }
    }

    @Test
    void answers503PromptlyOnceUserServiceIsStopped() {
        String mobile = randomMobile();
        ownUserService().stub().withDeadlineAfter(5, TimeUnit.SECONDS).createUser(CreateUserRequest.newBuilder()
                .setMobile(mobile).setPassword("Flash-sale-2026").setNickname("down").build());
        Answer login = post("/api/auth/login", Map.of("mobile", mobile, "password", "Flash-sale-2026"));
        assertThat(login.status()).isEqualTo(200);
        String access = login.text("accessToken");
        assertThat(get("/actuator/health", Map.of()).status()).isEqualTo(200);

        ownUserService().close();

        for (int i = 0; i < 6; i++) {
            long started = System.nanoTime();
            Answer answer = i % 2 == 0
                    ? post("/api/auth/login", Map.of("mobile", mobile, "password", "Flash-sale-2026"), fromIp(randomIp()))
                    : get("/api/users/me", bearer(access));
            Duration took = Duration.ofNanos(System.nanoTime() - started);

            assertThat(answer.status()).as(answer.raw().body()).isEqualTo(503);
            assertThat(answer.contentType()).startsWith("application/problem+json");
            assertThat(answer.text("code")).isEqualTo("USER_SERVICE_UNAVAILABLE");
            assertThat(answer.header("Retry-After")).isNotNull();
            assertThat(took).as("within the 2 s deadline").isLessThan(Duration.ofSeconds(2));
        }
        // Without user-service user-api is not healthy (it stays ready: the readiness group is its own state).
        Answer health = get("/actuator/health", Map.of());
        assertThat(health.status()).isEqualTo(503);
        assertThat(health.raw().body()).contains("DOWN");
        assertThat(get("/actuator/health/readiness", Map.of()).status()).isEqualTo(200);
        String scrape = get("/actuator/prometheus", Map.of()).raw().body();
        assertThat(scrape).contains("resilience4j_circuitbreaker_state{application=\"user-api\",name=\"user-service\",state=\"open\"} 1.0");
    }
}

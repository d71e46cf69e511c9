package io.seckill.seckillapi.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import io.seckill.infra.embedded.WithEmbeddedInfra;
import io.seckill.seckillapi.support.Catalog;
import io.seckill.seckillapi.support.Http;
import io.seckill.seckillapi.support.ServiceTest;
import io.seckill.infra.embedded.TestTokens;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;

/** Per-buyer, per-IP and per-activity buckets refuse with 429, {@code Retry-After} and problem+json. */
@WithEmbeddedInfra
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "seckill.rate-limit.defaults.user.capacity=3", "seckill.rate-limit.defaults.user.per-second=0.01",
        "seckill.rate-limit.defaults.ip.capacity=5", "seckill.rate-limit.defaults.ip.per-second=0.01",
        "seckill.rate-limit.defaults.captcha.capacity=2", "seckill.rate-limit.defaults.captcha.per-second=0.01"})
class RateLimitTest extends ServiceTest {
    @Test
    void aBuyerThenAnIpOverTheirBucketsAreRefusedWithRetryAfter() {
        Http http = new Http(port);
        long activity = new Catalog(jdbc, ledger).liveActivity(100, 1);
        String a = TestTokens.customerToken(Catalog.nextId());
        for (int i = 0; i < 3; i++) {
            assertThat(attempt(http, activity, a).status()).isEqualTo(403);
        }
        Http.Response limited = attempt(http, activity, a);
        assertThat(limited.status()).isEqualTo(429);
        assertThat(limited.code()).isEqualTo("RATE_LIMITED");
        assertThat(limited.contentType()).startsWith("application/problem+json");
        assertThat(Long.parseLong(limited.raw().headers().firstValue("Retry-After").orElseThrow())).isGreaterThanOrEqualTo(1);

        // Two more buyers from the same IP use its last two tokens; the next one is refused for the IP.
        assertThat(attempt(http, activity, TestTokens.customerToken(Catalog.nextId())).status()).isEqualTo(403);
        assertThat(attempt(http, activity, TestTokens.customerToken(Catalog.nextId())).status()).isEqualTo(403);
        assertThat(attempt(http, activity, TestTokens.customerToken(Catalog.nextId())).code()).isEqualTo("RATE_LIMITED");

        // Buckets are per activity: another sale is not affected.
        long other = new Catalog(jdbc, ledger).liveActivity(100, 1);
        assertThat(attempt(http, other, a).status()).isEqualTo(403);
        assertThat(http.get("/actuator/prometheus", null).body())
                .containsPattern("seckill_attempts_total\\{application=\"seckill-api\",outcome=\"rate_limited\"} [1-9]");
    }

    @Test
    void captchasAreLimitedPerBuyer() {
        Http http = new Http(port);
        long activity = new Catalog(jdbc, ledger).liveActivity(100, 1);
        String token = TestTokens.customerToken(Catalog.nextId());
        assertThat(http.get("/api/seckill/activities/" + activity + "/captcha", token).status()).isEqualTo(200);
        assertThat(http.get("/api/seckill/activities/" + activity + "/captcha", token).status()).isEqualTo(200);
        Http.Response limited = http.get("/api/seckill/activities/" + activity + "/captcha", token);
        assertThat(limited.status()).isEqualTo(429);
        assertThat(limited.code()).isEqualTo("RATE_LIMITED");
    }

    private static Http.Response attempt(Http http, long activity, String token) {
        return http.post("/api/seckill/activities/" + activity + "/no-path/orders", token, "{\"quantity\":1}");
    }
}

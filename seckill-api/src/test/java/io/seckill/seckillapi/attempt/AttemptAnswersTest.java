package io.seckill.seckillapi.attempt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.seckill.infra.embedded.WithEmbeddedInfra;
import io.seckill.seckillapi.support.Catalog;
import io.seckill.seckillapi.support.Http;
import io.seckill.seckillapi.support.ServiceTest;
import io.seckill.infra.embedded.TestTokens;
import io.seckill.stock.StockKeys;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;

/** Every answer of the attempt in DESIGN.md §12, each produced for real, each problem+json with its code. */
@WithEmbeddedInfra
@ActiveProfiles("dev")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class AttemptAnswersTest extends ServiceTest {
    @Autowired
    io.seckill.stock.StockRedis stock;

    @Autowired
    SoldOutBoard soldOut;

    private Http http;
    private Catalog catalog;

    @BeforeEach
    void setUp() {
        http = new Http(port);
        catalog = new Catalog(jdbc, ledger);
    }

    @Test
    void acceptedAttemptIsQueuedAndItsResultIsVisibleToItsBuyerOnly() {
        long activity = catalog.liveActivity(10, 2);
        long buyer = Catalog.nextId();
        String token = TestTokens.customerToken(buyer);

        // A userId in the body is ignored: the buyer is the token's subject.
        Http.Response accepted = attempt(activity, token, path(activity, token), "{\"quantity\":2,\"userId\":\"1\"}");
        assertThat(accepted.status()).isEqualTo(202);
        assertThat(accepted.json().path("status").asString()).isEqualTo("QUEUED");
        String reservation = accepted.json().path("reservationId").asString();
        assertThat(redis.opsForHash().get(StockKeys.buyers(activity), Long.toString(buyer))).isEqualTo(reservation);
        assertThat(ledger.stock(activity)).containsEntry("available", "8");

        Http.Response mine = http.get("/api/seckill/orders/" + reservation, token);
        assertThat(mine.status()).isEqualTo(200);
        assertThat(mine.json().path("status").asString()).isEqualTo("QUEUED");
        assertThat(mine.json().path("reservationId").asString()).isEqualTo(reservation);
        problem(http.get("/api/seckill/orders/" + reservation, TestTokens.customerToken(Catalog.nextId())), 404, "NOT_FOUND");
        problem(http.get("/api/seckill/orders/" + Catalog.nextId(), token), 404, "NOT_FOUND");
        problem(http.get("/api/seckill/orders/" + reservation, null), 401, "UNAUTHENTICATED");
        problem(http.get("/api/seckill/orders/not-a-number", token), 400, "MALFORMED_REQUEST");
    }

    @Test
    void refusalsCarryTheirStatusAndCode() {
        long activity = catalog.liveActivity(2, 1);
        String first = TestTokens.customerToken(Catalog.nextId());
        String second = TestTokens.customerToken(Catalog.nextId());
        String third = TestTokens.customerToken(Catalog.nextId());

        problem(attempt(activity, first, "no-such-path", "{\"quantity\":1}"), 403, "BAD_PATH");
        String used = path(activity, first);
        assertThat(attempt(activity, first, used, "{\"quantity\":1}").status()).isEqualTo(202);
        problem(attempt(activity, first, used, "{\"quantity\":1}"), 403, "BAD_PATH");
        problem(attempt(activity, first, path(activity, first), "{\"quantity\":1}"), 409, "DUPLICATE");
        assertThat(attempt(activity, second, path(activity, second), "{\"quantity\":1}").status()).isEqualTo(202);
        // The last unit went: from now on the local flag answers, without a path check or a Redis call.
        problem(attempt(activity, third, path(activity, third), "{\"quantity\":1}"), 410, "SOLD_OUT");
        Http.Response fast = attempt(activity, third, "anything", "{\"quantity\":1}");
        problem(fast, 410, "SOLD_OUT");
        assertThat(fast.json().path("instance").asString()).isEqualTo("/api/seckill/activities/" + activity + "/anything/orders");
        assertThat(fast.json().path("type").asString()).isEqualTo("https://seckill.io/problems/sold-out");
        // Even then, a call without a valid token is a 401, never a sold-out answer.
        problem(attempt(activity, null, "anything", "{\"quantity\":1}"), 401, "UNAUTHENTICATED");
        problem(attempt(activity, "forged.token.here", "anything", "{\"quantity\":1}"), 401, "UNAUTHENTICATED");
        assertThat(ledger.stock(activity)).containsEntry("available", "0").containsEntry("pending", "2");

        // A unit comes back (an order cancelled, say): the flag is re-checked in the background and drops.
        stock.template().opsForHash().increment(StockKeys.stock(activity), "available", 1);
        await().atMost(Duration.ofSeconds(10)).until(() -> !soldOut.isSoldOut(activity));
        assertThat(attempt(activity, third, path(activity, third), "{\"quantity\":1}").status()).isEqualTo(202);
        // Someone else's path does not work for this buyer either.
        long other = catalog.liveActivity(5, 1);
        problem(attempt(other, second, path(other, first), "{\"quantity\":1}"), 403, "BAD_PATH");
    }

    @Test
    void anInstanceThatMissedTheSellOutLearnsItFromTheStockHashNotFromAGenuineAttempt() {
        long activity = catalog.liveActivity(1, 1);
        String winner = TestTokens.customerToken(Catalog.nextId());
        assertThat(attempt(activity, winner, path(activity, winner), "{\"quantity\":1}").status()).isEqualTo(202);
        assertThat(soldOut.isSoldOut(activity)).isTrue();

        // Another instance, started after the sell-out and its broadcast: nothing in memory yet.
        SoldOutBoard late = new SoldOutBoard(redis, ledger, Duration.ofSeconds(1));
        assertThat(late.isSoldOut(activity)).isFalse();
        assertThat(late.learn(activity)).as("one read of the stock hash").isTrue();
        assertThat(late.isSoldOut(activity)).as("kept in memory from then on").isTrue();
        assertThat(late.learn(Catalog.nextId())).as("an activity with no stock hash is not sold out").isFalse();

        // This instance forgets it the same way: a crowd of spent and forged paths still gets SOLD_OUT, not BAD_PATH.
        soldOut.clear(activity);
        String loser = TestTokens.customerToken(Catalog.nextId());
        problem(attempt(activity, loser, "a-forged-path", "{\"quantity\":1}"), 410, "SOLD_OUT");
        assertThat(soldOut.isSoldOut(activity)).isTrue();
    }

    @Test
    void anExpiredPathIsRefused() {
        long activity = catalog.liveActivity(5, 1);
        long buyer = Catalog.nextId();
        ledger.issuePath(activity, buyer, "short-lived", Duration.ofMillis(300));
        await().atMost(Duration.ofSeconds(5)).until(() -> !redis.hasKey(StockKeys.path(activity, buyer)));
        problem(attempt(activity, TestTokens.customerToken(buyer), "short-lived", "{\"quantity\":1}"), 403, "BAD_PATH");
    }

    @Test
    void windowAndLimitRefusals() {
        Instant now = Instant.now();
        long upcoming = catalog.activity(5, 1, now.plusSeconds(600), now.plusSeconds(3600));
        long ended = catalog.activity(5, 1, now.minusSeconds(3600), now.minusSeconds(1));
        long live = catalog.liveActivity(5, 2);
        String token = TestTokens.customerToken(Catalog.nextId());

        Http.Response early = attempt(upcoming, token, "p", "{\"quantity\":1}");
        problem(early, 425, "NOT_STARTED");
        assertThat(early.json().path("serverTime").asString()).isNotBlank();
        problem(http.post("/api/seckill/activities/" + upcoming + "/path", token, "{\"captchaId\":\"x\",\"answer\":\"1\"}"),
                425, "NOT_STARTED");
        problem(attempt(ended, token, "p", "{\"quantity\":1}"), 410, "ENDED");
        problem(attempt(live, token, path(live, token), "{\"quantity\":3}"), 400, "OVER_PER_USER_LIMIT");
        problem(attempt(live, token, "p", "{\"quantity\":0}"), 400, "VALIDATION_FAILED");
        problem(attempt(live, token, "p", "{\"quantity\":-5}"), 400, "VALIDATION_FAILED");
        problem(attempt(Catalog.nextId(), token, "p", "{\"quantity\":1}"), 404, "NOT_FOUND");
        assertThat(ledger.stock(live)).containsEntry("available", "5");
    }

    @Test
    void badRequestsAndMissingOrForeignTokens() {
        long activity = catalog.liveActivity(5, 1);
        String token = TestTokens.customerToken(Catalog.nextId());
        problem(attempt(activity, null, "p", "{\"quantity\":1}"), 401, "UNAUTHENTICATED");
        problem(attempt(activity, "not.a.token", "p", "{\"quantity\":1}"), 401, "UNAUTHENTICATED");
        problem(attempt(activity, TestTokens.adminToken(1), "p", "{\"quantity\":1}"), 401, "UNAUTHENTICATED");
        // Anonymous with a broken body: still 401, the token is checked before the body is read.
        problem(attempt(activity, null, "p", "{\"quantity\":"), 401, "UNAUTHENTICATED");
        problem(attempt(activity, token, "p", "{\"quantity\":"), 400, "MALFORMED_REQUEST");
        problem(attempt(activity, token, "p", "{\"quantity\":\"many\"}"), 400, "MALFORMED_REQUEST");
        problem(attempt(activity, token, "p", null), 400, "VALIDATION_FAILED");
        problem(attempt(activity, token, "p", "{}"), 400, "VALIDATION_FAILED");
        problem(http.post("/api/seckill/activities/abc/p/orders", token, "{\"quantity\":1}"), 400, "MALFORMED_REQUEST");
        problem(http.get("/api/seckill/activities/" + activity + "/captcha", null), 401, "UNAUTHENTICATED");
        assertThat(ledger.stock(activity)).containsEntry("available", "5");
    }

    @Test
    void aLoggedOutTokenGetsNoCaptchaNorResult() {
        long activity = catalog().liveActivity(5, 1);
        String token = TestTokens.customerToken(Catalog.nextId());
        assertThat(http().get("/api/seckill/activities/" + activity + "/captcha", token).status()).isEqualTo(200);
        redis.opsForValue().set("auth:deny:" + TestTokens.tokenId(token), "1", Duration.ofMinutes(15));
        problem(http().get("/api/seckill/activities/" + activity + "/captcha", token), 401, "UNAUTHENTICATED");
        problem(http().get("/api/seckill/orders/1", token), 401, "UNAUTHENTICATED");
        // The public reads stay public.
        assertThat(http().get("/api/seckill/activities/" + activity, token).status()).isEqualTo(200);
    }

    @Test
    void aWrongCaptchaAnswerIsA400AndSpendsTheCaptcha() {
        long activity = catalog.liveActivity(5, 1);
        String token = TestTokens.customerToken(Catalog.nextId());
        Http.Response captcha = http.get("/api/seckill/activities/" + activity + "/captcha", token);
        String id = captcha.json().path("captchaId").asString();
        String answer = captcha.json().path("devAnswer").asString();
        String wrong = answer.equals("00000") ? "11111" : "00000";
        problem(http.post("/api/seckill/activities/" + activity + "/path", token,
                "{\"captchaId\":\"" + id + "\",\"answer\":\"" + wrong + "\"}"), 400, "CAPTCHA_WRONG");
        problem(http.post("/api/seckill/activities/" + activity + "/path", token,
                "{\"captchaId\":\"" + id + "\",\"answer\":\"" + answer + "\"}"), 400, "CAPTCHA_WRONG");
        // Another user cannot use my captcha.
        Http.Response mine = http.get("/api/seckill/activities/" + activity + "/captcha", token);
        problem(http.post("/api/seckill/activities/" + activity + "/path", TestTokens.customerToken(Catalog.nextId()),
                "{\"captchaId\":\"" + mine.json().path("captchaId").asString() + "\",\"answer\":\""
                        + mine.json().path("devAnswer").asString() + "\"}"), 400, "CAPTCHA_WRONG");
        problem(http.post("/api/seckill/activities/" + activity + "/path", token, "{}"), 400, "VALIDATION_FAILED");
    }

    @Test
    void attemptsAreCountedByOutcome() {
        long activity = catalog.liveActivity(5, 1);
        String token = TestTokens.customerToken(Catalog.nextId());
        attempt(activity, token, path(activity, token), "{\"quantity\":1}");
        String metrics = http.get("/actuator/prometheus", null).body();
        assertThat(metrics).contains("seckill_attempts_total{application=\"seckill-api\",outcome=\"accepted\"}")
                .contains("seckill_attempt_latency_seconds_bucket").contains("seckill_soldout_local_hits_total")
                .contains("seckill_kafka_send_failures_total");
    }

    private String path(long activity, String token) {
        Http.Response captcha = http.get("/api/seckill/activities/" + activity + "/captcha", token);
        assertThat(captcha.status()).as(captcha.body()).isEqualTo(200);
        assertThat(captcha.json().path("imageDataUrl").asString()).startsWith("data:image/png;base64,");
        Http.Response path = http.post("/api/seckill/activities/" + activity + "/path", token,
                "{\"captchaId\":\"" + captcha.json().path("captchaId").asString() + "\",\"answer\":\""
                        + captcha.json().path("devAnswer").asString() + "\"}");
        assertThat(path.status()).as(path.body()).isEqualTo(200);
        assertThat(path.json().path("expiresIn").asInt()).isEqualTo(60);
        return path.json().path("path").asString();
    }

    private Http.Response attempt(long activity, String token, String path, String body) {
        return http.post("/api/seckill/activities/" + activity + "/" + path + "/orders", token, body);
    }

    private static void problem(Http.Response response, int status, String code) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.code()).isEqualTo(code);
        assertThat(response.body()).doesNotContain("Exception", "at io.seckill");
    }
}

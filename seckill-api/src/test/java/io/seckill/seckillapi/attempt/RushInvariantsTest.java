package io.seckill.seckillapi.attempt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.seckill.infra.embedded.TopicReader;
import io.seckill.infra.embedded.WithEmbeddedInfra;
import io.seckill.seckillapi.support.Catalog;
import io.seckill.seckillapi.support.Http;
import io.seckill.seckillapi.support.ServiceTest;
import io.seckill.infra.embedded.TestTokens;
import io.seckill.stock.StockKeys;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The rush, through real HTTP, real Redis and real Kafka: stock 100, 1,000 buyers, 2,000 concurrent attempts,
 * each through the whole anti-bot step (captcha with the dev answer, path, attempt). Asserts DESIGN.md §1, not
 * examples: exactly the stock accepted, nobody twice, Redis never below zero, and exactly one Kafka message per
 * accepted reservation and none for any refusal.
 */
@WithEmbeddedInfra
@ActiveProfiles("dev")
// Every simulated buyer comes from 127.0.0.1: the per-IP bucket is opened wide, the per-buyer one stays.
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "seckill.rate-limit.defaults.ip.capacity=1000000", "seckill.rate-limit.defaults.ip.per-second=1000000"})
class RushInvariantsTest extends ServiceTest {
    private static final JsonMapper json = JsonMapper.builder().build();

    @Test
    void twoThousandAttemptsOfAThousandBuyersOnStockHundred() throws Exception {
        long activity = new Catalog(jdbc, ledger).liveActivity(100, 1);
        Http http = new Http(port);
        int buyers = 1_000;
        ExecutorService pool = Executors.newFixedThreadPool(100);
        CountDownLatch go = new CountDownLatch(1);
        Map<Long, String> acceptedByUser = new ConcurrentHashMap<>();
        Set<Long> acceptedTwice = ConcurrentHashMap.newKeySet();
        Map<Integer, Integer> statuses = new ConcurrentHashMap<>();
        List<Future<?>> attempts = new ArrayList<>();
        for (int i = 0; i < 2 * buyers; i++) {
            long user = 500_000 + (i % buyers);
            attempts.add(pool.submit(() -> {
                go.await();
                String token = TestTokens.customerToken(user);
                Http.Response captcha = http.get("/api/seckill/activities/" + activity + "/captcha", token);
                assertThat(captcha.status()).isEqualTo(200);
                Http.Response path = http.post("/api/seckill/activities/" + activity + "/path", token,
                        "{\"captchaId\":\"" + captcha.json().path("captchaId").asString() + "\",\"answer\":\""
                                + captcha.json().path("devAnswer").asString() + "\"}");
                assertThat(path.status()).isEqualTo(200);
                Http.Response attempt = http.post("/api/seckill/activities/" + activity + "/"
                        + path.json().path("path").asString() + "/orders", token, "{\"quantity\":1}");
                statuses.merge(attempt.status(), 1, Integer::sum);
                if (attempt.status() == 202 && acceptedByUser.putIfAbsent(user, attempt.json().path("reservationId").asString()) != null) {
                    acceptedTwice.add(user);
                }
                return null;
            }));
        }
        go.countDown();
        for (Future<?> attempt : attempts) {
            attempt.get();
        }
        pool.shutdown();

        assertThat(statuses.get(202)).as("accepted").isEqualTo(100);
        // Refusals: sold out, or this buyer's own second attempt (duplicate, or its path replaced by the second captcha).
        assertThat(statuses.keySet()).isSubsetOf(Set.of(202, 409, 410, 403));
        assertThat(acceptedTwice).isEmpty();
        assertThat(ledger.stock(activity)).containsEntry("available", "0").containsEntry("pending", "100");
        assertThat(redis.opsForHash().size(StockKeys.buyers(activity))).isEqualTo(100);

        Map<String, Integer> messages = reservationMessages(activity, 100);
        assertThat(messages.values()).allMatch(count -> count == 1);
        assertThat(messages.keySet()).containsExactlyInAnyOrderElementsOf(acceptedByUser.values());
    }

    /** The reservation ids of the activity on seckill.order.create, with how often each was sent. */
    private static Map<String, Integer> reservationMessages(long activity, int expected) {
        Map<String, Integer> counts = new HashMap<>();
        for (ConsumerRecord<String, String> record : TopicReader.read(ReservationCreated.TOPIC, r -> json.readTree(r.value())
                .path("payload").path("activityId").asString().equals(Long.toString(activity)), expected, Duration.ofSeconds(30))) {
            JsonNode event = json.readTree(record.value());
            assertThat(record.key()).isEqualTo(Long.toString(activity));
            assertThat(event.path("type").asString()).isEqualTo(ReservationCreated.TYPE);
            assertThat(event.path("version").asInt()).isEqualTo(ReservationCreated.VERSION);
            counts.merge(event.path("payload").path("reservationId").asString(), 1, Integer::sum);
        }
        return counts;
    }
}

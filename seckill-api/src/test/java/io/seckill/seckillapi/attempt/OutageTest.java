package io.seckill.seckillapi.attempt;

import static org.assertj.core.api.Assertions.assertThat;

import io.seckill.infra.embedded.EmbeddedKafka;
import io.seckill.infra.embedded.EmbeddedRedis;
import io.seckill.infra.embedded.FreePorts;
import io.seckill.infra.embedded.WithEmbeddedInfra;
import io.seckill.seckillapi.support.Catalog;
import io.seckill.seckillapi.support.Http;
import io.seckill.seckillapi.support.ServiceTest;
import io.seckill.infra.embedded.TestTokens;
import io.seckill.stock.StockKeys;
import io.seckill.stock.StockRedis;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Kafka and the stock Redis going away mid-run. This test owns both (its own broker, its own stock Redis on the
 * separate stock connection) and stops them for real; the cache Redis and MariaDB stay the shared ones. "503,
 * nothing kept": the reservation is undone, the units are back, the buyer may try again.
 */
@WithEmbeddedInfra
@ActiveProfiles("dev")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OutageTest extends ServiceTest {
    private static final EmbeddedKafka kafka = new EmbeddedKafka(FreePorts.pick(), 1);
    private static final EmbeddedRedis stockRedis = new EmbeddedRedis(FreePorts.pick());

    @Autowired
    StringRedisTemplate cacheRedis;

    @Autowired
    StockRedis stock;

    @DynamicPropertySource
    static void ownInfrastructure(DynamicPropertyRegistry registry) {
        registry.add("spring.kafka.bootstrap-servers", kafka::bootstrapServers);
        registry.add("seckill.redis.stock.host", () -> "127.0.0.1");
        registry.add("seckill.redis.stock.port", stockRedis::port);
    }

    @AfterAll
    static void stopWhatIsLeft() {
        kafka.close();
        stockRedis.close();
    }

    @Test
    @Order(1)
    void kafkaStoppedMeans503AndTheReservationUndone() {
        Http http = new Http(port);
        long activity = new Catalog(jdbc, ledger).liveActivity(10, 1);
        String early = TestTokens.customerToken(Catalog.nextId());
        assertThat(http.buyOne(activity, early).status()).isEqualTo(202);
        assertThat(ledger.stock(activity)).containsEntry("available", "9");

        kafka.close();

        long buyer = Catalog.nextId();
        String token = TestTokens.customerToken(buyer);
        long began = System.nanoTime();
        Http.Response refused = http.buyOne(activity, token);
        assertThat(Duration.ofNanos(System.nanoTime() - began)).isLessThan(Duration.ofSeconds(10));
        assertThat(refused.status()).as(refused.body()).isEqualTo(503);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(refused.code()).isEqualTo("QUEUE_UNAVAILABLE");
        assertThat(ledger.stock(activity)).containsEntry("available", "9").containsEntry("pending", "1");
        assertThat(stock.template().opsForHash().hasKey(StockKeys.buyers(activity), Long.toString(buyer))).isFalse();
        assertThat(stock.template().opsForZSet().zCard(StockKeys.pending(activity))).isEqualTo(1);
        // Nothing kept: the same buyer is not a duplicate on the next try.
        assertThat(http.buyOne(activity, token).code()).isEqualTo("QUEUE_UNAVAILABLE");
        assertThat(http.get("/actuator/prometheus", null).body())
                .containsPattern("seckill_kafka_send_failures_total\\{application=\"seckill-api\"} [1-9]");
    }

    @Test
    @Order(2)
    void stockRedisStoppedMeans503ProblemJsonAndNoPartialState() {
        Http http = new Http(port);
        long activity = new Catalog(jdbc, ledger).liveActivity(10, 1);
        String token = TestTokens.customerToken(Catalog.nextId());
        Http.Response captcha = http.get("/api/seckill/activities/" + activity + "/captcha", token);
        Http.Response path = http.post("/api/seckill/activities/" + activity + "/path", token,
                "{\"captchaId\":\"" + captcha.json().path("captchaId").asString() + "\",\"answer\":\""
                        + captcha.json().path("devAnswer").asString() + "\"}");
        assertThat(path.status()).isEqualTo(200);

        stockRedis.close();
        int indexedBefore = cacheRedis.keys("seckill:rsv:*").size();

        long began = System.nanoTime();
        Http.Response refused = http.post("/api/seckill/activities/" + activity + "/"
                + path.json().path("path").asString() + "/orders", token, "{\"quantity\":1}");
        assertThat(Duration.ofNanos(System.nanoTime() - began)).isLessThan(Duration.ofSeconds(10));
        assertThat(refused.status()).as(refused.body()).isEqualTo(503);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(refused.code()).isEqualTo("STOCK_UNAVAILABLE");
        assertThat(cacheRedis.keys("seckill:rsv:*")).hasSize(indexedBefore);

        Http.Response captchaAgain = http.get("/api/seckill/activities/" + activity + "/captcha", token);
        Http.Response pathAgain = http.post("/api/seckill/activities/" + activity + "/path", token,
                "{\"captchaId\":\"" + captchaAgain.json().path("captchaId").asString() + "\",\"answer\":\""
                        + captchaAgain.json().path("devAnswer").asString() + "\"}");
        assertThat(pathAgain.status()).isEqualTo(503);
        assertThat(pathAgain.code()).isEqualTo("SERVICE_UNAVAILABLE");
    }
}

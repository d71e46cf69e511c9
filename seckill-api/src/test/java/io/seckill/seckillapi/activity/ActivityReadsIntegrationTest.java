package io.seckill.seckillapi.activity;

import static org.assertj.core.api.Assertions.assertThat;

import io.seckill.infra.embedded.ServiceChecks;
import io.seckill.infra.embedded.WithEmbeddedInfra;
import java.net.http.HttpResponse;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The public reads against real MariaDB and Redis. The catalog tables belong to admin-back, so the test applies
 * admin-back's own migrations and inserts rows as admin-back would.
 */
@WithEmbeddedInfra
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ActivityReadsIntegrationTest {

    private static final AtomicLong ids = new AtomicLong(io.seckill.infra.embedded.SchemaSql.randomStart());

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    StringRedisTemplate redis;

    @BeforeAll
    static void catalogSchema() {
        io.seckill.seckillapi.support.Catalog.migrate();
    }

    @Test
    void listsLiveAndUpcomingActivitiesWithServerTimeButNotDraftsOrEndedOnes() {
        Instant now = Instant.now();
        long product = product("秒杀 mug, \"limited\"");
        long upcoming = activity(product, "SCHEDULED", now.plusSeconds(600), now.plusSeconds(3600));
        long live = activity(product, "SCHEDULED", now.minusSeconds(60), now.plusSeconds(3600));
        long ended = activity(product, "LIVE", now.minusSeconds(7200), now.minusSeconds(3600));
        long draft = activity(product, "DRAFT", now.plusSeconds(600), now.plusSeconds(3600));

        // admin-back announces each change; the cache drops the list and the next read has the new rows.
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
        HttpResponse<String> response = ServiceChecks.get(url("/api/seckill/activities"));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body())
                .contains("\"serverTime\"")
                .contains("\"id\":\"" + upcoming + "\"")
                .contains("\"id\":\"" + live + "\"")
                .doesNotContain("\"id\":\"" + ended + "\"")
                .doesNotContain("\"id\":\"" + draft + "\"")
                .contains("秒杀 mug, \\\"limited\\\"");
        });
    }

    @Test
    void detailShowsStatusAndRemainingFromTheStockRedis() {
        Instant now = Instant.now();
        long live = activity(product("kettle"), "SCHEDULED", now.minusSeconds(5), now.plus(Duration.ofHours(1)));
        redis.opsForHash().put(io.seckill.stock.StockKeys.stock(live), "available", "37");

        HttpResponse<String> response = ServiceChecks.get(url("/api/seckill/activities/" + live));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"status\":\"LIVE\"").contains("\"remaining\":37")
                .contains("\"serverTime\"").contains("\"seckillPrice\":\"9.90\"", "\"originalPrice\":\"19.90\"");
    }

    @Test
    void unknownOrDraftActivityIsNotFoundAndANonNumericIdIsABadRequest() {
        long draft = activity(product("draft"), "DRAFT", Instant.now().plusSeconds(60), Instant.now().plusSeconds(99));

        assertProblem(ServiceChecks.get(url("/api/seckill/activities/" + draft)), 404, "NOT_FOUND");
        assertProblem(ServiceChecks.get(url("/api/seckill/activities/999")), 404, "NOT_FOUND");
        assertProblem(ServiceChecks.get(url("/api/seckill/activities/abc")), 400, "MALFORMED_REQUEST");
    }

    private static void assertProblem(HttpResponse<String> response, int status, String code) {
        assertThat(response.statusCode()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(response.body()).contains("\"code\":\"" + code + "\"").doesNotContain("Exception");
    }

    private String url(String path) {
        return "http://localhost:" + port + path;
    }

    private long product(String name) {
        long id = ids.incrementAndGet();
        jdbc.sql("INSERT INTO products (id, name, description, image_url, original_price) VALUES (?, ?, ?, ?, ?)")
                .params(id, name, "desc", "https://example.invalid/p.png", new java.math.BigDecimal("19.90"))
                .update();
        return id;
    }

    private long activity(long product, String status, Instant start, Instant end) {
        long id = ids.incrementAndGet();
        jdbc.sql("""
                INSERT INTO seckill_activities
                  (id, product_id, title, seckill_price, total_stock, per_user_limit, start_time, end_time, status)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(id, product, "activity " + id, new java.math.BigDecimal("9.90"), 100, 1,
                        Timestamp.from(start), Timestamp.from(end), status)
                .update();
        redis.convertAndSend(io.seckill.stock.StockKeys.ACTIVITY_CHANGED_CHANNEL, Long.toString(id));
        return id;
    }
}

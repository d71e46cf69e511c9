package io.seckill.admin.catalog;

import static io.seckill.admin.support.Fixtures.activity;
import static io.seckill.admin.support.Fixtures.createActivity;
import static io.seckill.admin.support.Fixtures.createProduct;
import static io.seckill.admin.support.Fixtures.product;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.seckill.admin.support.AdminApiTest;
import io.seckill.admin.support.Http;
import io.seckill.stock.StockKeys;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.listener.ChannelTopic;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;
import tools.jackson.databind.JsonNode;

/** Products and activities over real HTTP: shapes, validation, LIVE rules, stock row, audit rows, announcements. */
class CatalogApiTest extends AdminApiTest {

    private static final Instant START = Instant.now().plus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
    private static final Instant END = START.plus(2, ChronoUnit.HOURS);

    @Autowired
    RedisConnectionFactory connections;

    private RedisMessageListenerContainer listener;
    private final Queue<String> announced = new ConcurrentLinkedQueue<>();
    private String token;

    @BeforeEach
    void setUp() {
        token = tokenWith("product:read", "product:write", "activity:read", "activity:write", "activity:preheat");
        listener = new RedisMessageListenerContainer();
        listener.setConnectionFactory(connections);
        listener.addMessageListener((message, pattern) -> announced.add(new String(message.getBody())),
                new ChannelTopic(StockKeys.ACTIVITY_CHANGED_CHANNEL));
        listener.afterPropertiesSet();
        listener.start();
        await().atMost(Duration.ofSeconds(5)).until(listener::isListening);
    }

    @AfterEach
    void tearDown() throws Exception {
        listener.destroy();
    }

    private long auditRows(String targetType, String id) {
        return jdbc.sql("SELECT COUNT(*) FROM audit_log WHERE target_type = ? AND target_id = ?").params(targetType, id)
                .query(Long.class).single();
    }

    @Test
    void productsAreCreatedReadUpdatedPagedAndArchivedWithOneAuditRowPerWrite() {
        Http http = http();
        Http.Response created = http.post("/api/admin/products", token, product("秒杀马克杯 🐉", "59.9"));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        JsonNode body = created.json();
        String id = body.path("id").asString();
        assertThat(body.path("id").isString()).isTrue();
        assertThat(body.path("originalPrice").asString()).isEqualTo("59.90");
        assertThat(body.path("name").asString()).isEqualTo("秒杀马克杯 🐉");
        assertThat(created.header("Location")).isEqualTo("/api/admin/products/" + id);

        Http.Response updated = http.put("/api/admin/products/" + id, token, product("Mug v2", "69.00"));
        assertThat(updated.json().path("name").asString()).isEqualTo("Mug v2");
        assertThat(http.get("/api/admin/products/" + id, token).json().path("originalPrice").asString()).isEqualTo("69.00");

        JsonNode page = http.get("/api/admin/products?page=0&size=2", token).json();
        assertThat(page.path("page").asInt()).isZero();
        assertThat(page.path("size").asInt()).isEqualTo(2);
        assertThat(page.path("total").asLong()).isPositive();
        assertThat(page.path("items").size()).isBetween(1, 2);

        assertThat(http.delete("/api/admin/products/" + id, token).status()).isEqualTo(204);
        assertThat(http.get("/api/admin/products/" + id, token).json().path("status").asString()).isEqualTo("ARCHIVED");
        assertThat(auditRows("product", id)).isEqualTo(3);
        String actor = jdbc.sql("SELECT actor_id FROM audit_log WHERE target_id = ? AND action = 'PRODUCT_CREATE'")
                .param(id).query(String.class).single();
        assertThat(actor).isNotBlank();
    }

    @Test
    void badProductInputIsA400WithFieldErrorsAndUnknownIdsA404() {
        Http http = http();
        Http.Response blank = http.post("/api/admin/products", token, "{\"name\":\" \",\"originalPrice\":\"1.00\"}");
        assertProblem(blank, 400, "VALIDATION_FAILED");
        assertThat(blank.json().path("errors").get(0).path("field").asString()).isEqualTo("name");
        assertProblem(http.post("/api/admin/products", token, product("x", "-1.00")), 400, "VALIDATION_FAILED");
        assertProblem(http.post("/api/admin/products", token, product("x", "1.999")), 400, "MALFORMED_REQUEST");
        assertProblem(http.post("/api/admin/products", token, "[]"), 400, "MALFORMED_REQUEST");
        assertProblem(http.get("/api/admin/products/123", token), 404, "NOT_FOUND");
        assertProblem(http.get("/api/admin/products/abc", token), 400, "MALFORMED_REQUEST");
        assertProblem(http.put("/api/admin/products/123", token, product("x", "1.00")), 404, "NOT_FOUND");
        assertProblem(http.get("/api/admin/products?size=1000", token), 400, "VALIDATION_FAILED");
    }

    @Test
    void creatingAnActivityInsertsItsStockRowIgnoresServerFieldsAndAnnouncesIt() {
        Http http = http();
        String product = createProduct(http, token);
        String body = activity(product, "9.9", 100, 2, START, END)
                .replace("{", "{\"id\":\"1\",\"status\":\"LIVE\",\"sold\":50,\"createdAt\":\"2020-01-01T00:00:00Z\",");
        Http.Response created = http.post("/api/admin/activities", token, body);

        assertThat(created.status()).as(created.body()).isEqualTo(201);
        JsonNode activity = created.json();
        String id = activity.path("id").asString();
        assertThat(id).isNotEqualTo("1");
        assertThat(activity.path("status").asString()).isEqualTo("DRAFT");
        assertThat(activity.path("seckillPrice").asString()).isEqualTo("9.90");
        assertThat(activity.path("originalPrice").asString()).isEqualTo("59.00");
        assertThat(activity.path("startTime").asString()).isEqualTo(START.toString());
        assertThat(activity.path("productId").asString()).isEqualTo(product);
        assertThat(jdbc.sql("SELECT CONCAT(total, '/', sold) FROM seckill_stock WHERE activity_id = ?")
                .param(Long.parseLong(id)).query(String.class).single()).isEqualTo("100/0");
        assertThat(auditRows("activity", id)).isEqualTo(1);
        await().atMost(Duration.ofSeconds(5)).until(() -> announced.contains(id));

        Http.Response updated = http.put("/api/admin/activities/" + id, token, activity(product, "8.00", 50, 1, START, END));
        assertThat(updated.json().path("totalStock").asInt()).isEqualTo(50);
        assertThat(jdbc.sql("SELECT total FROM seckill_stock WHERE activity_id = ?").param(Long.parseLong(id))
                .query(Integer.class).single()).isEqualTo(50);
        assertThat(http.get("/api/admin/activities?productId=" + product, token).json().path("total").asLong()).isEqualTo(1);
        assertThat(auditRows("activity", id)).isEqualTo(2);
    }

    @Test
    void activityRulesAreCheckedWithFieldErrors() {
        Http http = http();
        String product = createProduct(http, token);
        Http.Response broken = http.post("/api/admin/activities", token, activity(product, "60.00", 0, 0, END, START));
        assertProblem(broken, 400, "VALIDATION_FAILED");
        assertThat(broken.json().path("errors").valueStream().map(e -> e.path("field").asString()))
                .contains("totalStock", "perUserLimit", "endTime", "seckillPrice");
        assertProblem(http.post("/api/admin/activities", token, activity(product, "1.00", 5, 6, START, END)), 400, "VALIDATION_FAILED");
        assertProblem(http.post("/api/admin/activities", token, activity(product, "1.00", 1_000_001, 1, START, END)), 400, "VALIDATION_FAILED");
        assertProblem(http.post("/api/admin/activities", token, activity("999", "1.00", 5, 1, START, END)), 400, "VALIDATION_FAILED");
        assertProblem(http.post("/api/admin/activities", token, activity("x", "1.00", 5, 1, START, END)), 400, "VALIDATION_FAILED");
        assertProblem(http.post("/api/admin/activities", token, "{\"productId\":\"" + product + "\"}"), 400, "VALIDATION_FAILED");
        assertProblem(http.post("/api/admin/activities", token,
                activity(product, "1.00", 5, 1, START, END).replace(START.toString(), "tomorrow")), 400, "MALFORMED_REQUEST");
        assertProblem(http.get("/api/admin/activities/42", token), 404, "NOT_FOUND");
        assertThat(http.post("/api/admin/activities", token, activity(product, "9.90", 5, 1, START, END)).status()).isEqualTo(201);
        assertProblem(http.put("/api/admin/products/" + product, token, product("Mug", "5.00")), 409, "PRODUCT_IN_USE");
    }

    @Test
    void aLiveActivityKeepsItsSaleTermsAndCannotBeCancelled() {
        Http http = http();
        Instant start = Instant.now().minusSeconds(60).truncatedTo(ChronoUnit.SECONDS);
        Instant end = start.plus(1, ChronoUnit.HOURS);
        String id = createActivity(http, token, 10, 1, start, end);
        String product = http.get("/api/admin/activities/" + id, token).json().path("productId").asString();
        assertThat(http.post("/api/admin/activities/" + id + "/preheat", token, null).status()).isEqualTo(200);
        assertThat(http.get("/api/admin/activities/" + id, token).json().path("status").asString()).isEqualTo("LIVE");

        assertProblem(http.put("/api/admin/activities/" + id, token, activity(product, "9.90", 11, 1, start, end)), 409, "ACTIVITY_LIVE");
        assertProblem(http.put("/api/admin/activities/" + id, token, activity(product, "9.00", 10, 1, start, end)), 409, "ACTIVITY_LIVE");
        assertProblem(http.put("/api/admin/activities/" + id, token, activity(product, "9.90", 10, 1, start, end.plusSeconds(60))), 409, "ACTIVITY_LIVE");
        assertProblem(http.delete("/api/admin/activities/" + id, token), 409, "ACTIVITY_LIVE");
        Http.Response retitled = http.put("/api/admin/activities/" + id, token,
                activity(product, "9.90", 10, 1, start, end).replace("双十一 flash sale", "New title"));
        assertThat(retitled.status()).as(retitled.body()).isEqualTo(200);
        assertThat(retitled.json().path("title").asString()).isEqualTo("New title");
    }

    @Test
    void cancellingADraftIsIdempotentAndClosesIt() {
        Http http = http();
        String id = createActivity(http, token, 10, 1, START, END);
        String product = http.get("/api/admin/activities/" + id, token).json().path("productId").asString();

        assertThat(http.delete("/api/admin/activities/" + id, token).status()).isEqualTo(204);
        assertThat(http.delete("/api/admin/activities/" + id, token).status()).isEqualTo(204);
        assertThat(http.get("/api/admin/activities/" + id, token).json().path("status").asString()).isEqualTo("CANCELLED");
        assertProblem(http.put("/api/admin/activities/" + id, token, activity(product, "9.90", 10, 1, START, END)), 409, "ACTIVITY_CLOSED");
        assertProblem(http.post("/api/admin/activities/" + id + "/preheat", token, null), 409, "ACTIVITY_CLOSED");
        assertThat(auditRows("activity", id)).isEqualTo(2);
    }
}

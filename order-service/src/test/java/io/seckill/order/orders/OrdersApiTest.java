package io.seckill.order.orders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.seckill.infra.embedded.TestTokens;
import io.seckill.infra.embedded.WithEmbeddedInfra;
import io.seckill.stock.StockKeys;
import io.seckill.stock.StockLedger;
import io.seckill.stock.StockPlan;
import io.seckill.stock.StockRedis;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * My orders, pay, cancel and the payment timeout over real HTTP, with orders made by the real pipeline. Each
 * cancellation returns the units to MySQL and Redis exactly once and keeps the buyer's slot.
 */
@WithEmbeddedInfra
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "seckill.order.payment-window=8s", "seckill.order.timeout-scan-interval=500ms"})
class OrdersApiTest {

    private static final AtomicLong ids = new AtomicLong(io.seckill.infra.embedded.SchemaSql.randomStart());
    private static final JsonMapper json = JsonMapper.builder().build();
    private final HttpClient http = HttpClient.newHttpClient();

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    StockLedger ledger;

    @Autowired
    StockRedis stock;

    @Autowired
    KafkaTemplate<String, String> kafka;

    @Test
    void aBuyerSeesPaysAndCannotPayTwice() {
        long activity = activity(5);
        long buyer = ids.incrementAndGet();
        String token = TestTokens.customerToken(buyer);
        String orderId = order(activity, buyer);

        JsonNode listed = json(send("GET", "/api/orders?page=0&size=10", token), 200);
        assertThat(listed.path("total").asLong()).isEqualTo(1);
        assertThat(listed.path("items").get(0).path("id").asString()).isEqualTo(orderId);
        assertThat(listed.path("items").get(0).path("price").asString()).isEqualTo("9.90");

        JsonNode paid = json(send("POST", "/api/orders/" + orderId + "/pay", token), 200);
        assertThat(paid.path("status").asString()).isEqualTo("PAID");
        assertThat(paid.path("paidAt").asString()).isNotBlank();
        problem(send("POST", "/api/orders/" + orderId + "/pay", token), 409, "ORDER_STATE");
        problem(send("POST", "/api/orders/" + orderId + "/cancel", token), 409, "ORDER_STATE");
    }

    @Test
    void aBuyerCancelsTheUnitsGoBackOnceAndTheSlotStaysTaken() {
        long activity = activity(5);
        long buyer = ids.incrementAndGet();
        String token = TestTokens.customerToken(buyer);
        String orderId = order(activity, buyer);
        assertThat(ledger.stock(activity)).containsEntry("available", "4");

        JsonNode cancelled = json(send("POST", "/api/orders/" + orderId + "/cancel", token), 200);
        assertThat(cancelled.path("status").asString()).isEqualTo("CANCELLED");
        assertThat(cancelled.path("cancelReason").asString()).isEqualTo("USER");
        problem(send("POST", "/api/orders/" + orderId + "/cancel", token), 409, "ORDER_STATE");
        problem(send("POST", "/api/orders/" + orderId + "/pay", token), 409, "ORDER_STATE");

        assertThat(ledger.stock(activity)).containsEntry("available", "5").containsEntry("pending", "0");
        assertThat(jdbc.sql("SELECT sold FROM seckill_stock WHERE activity_id = ?").param(activity).query(Integer.class).single()).isZero();
        assertThat(stock.template().opsForHash().hasKey(StockKeys.buyers(activity), Long.toString(buyer))).isTrue();
    }

    @Test
    void anUnpaidOrderIsCancelledWhenItsWindowPassesAndALatePaymentIs409() {
        long activity = activity(5);
        long buyer = ids.incrementAndGet();
        String token = TestTokens.customerToken(buyer);
        String orderId = order(activity, buyer);

        await().atMost(Duration.ofSeconds(20)).until(() ->
                json(send("GET", "/api/orders/" + orderId, token), 200).path("status").asString().equals("CANCELLED"));
        assertThat(json(send("GET", "/api/orders/" + orderId, token), 200).path("cancelReason").asString()).isEqualTo("TIMEOUT");
        problem(send("POST", "/api/orders/" + orderId + "/pay", token), 409, "ORDER_STATE");
        assertThat(ledger.stock(activity)).containsEntry("available", "5");
        assertThat(jdbc.sql("SELECT sold FROM seckill_stock WHERE activity_id = ?").param(activity).query(Integer.class).single()).isZero();
    }

    @Test
    void anotherBuyersOrderIsA404AndBadCallsAre4xx() {
        long activity = activity(5);
        long buyer = ids.incrementAndGet();
        String orderId = order(activity, buyer);
        String stranger = TestTokens.customerToken(ids.incrementAndGet());

        problem(send("GET", "/api/orders/" + orderId, stranger), 404, "NOT_FOUND");
        problem(send("POST", "/api/orders/" + orderId + "/pay", stranger), 404, "NOT_FOUND");
        problem(send("POST", "/api/orders/" + orderId + "/cancel", stranger), 404, "NOT_FOUND");
        assertThat(json(send("GET", "/api/orders", stranger), 200).path("total").asLong()).isZero();
        problem(send("GET", "/api/orders", null), 401, "UNAUTHENTICATED");
        problem(send("GET", "/api/orders", TestTokens.adminToken(1)), 401, "UNAUTHENTICATED");
        problem(send("GET", "/api/orders/abc", stranger), 400, "MALFORMED_REQUEST");
        problem(send("GET", "/api/orders?size=1000", stranger), 400, "VALIDATION_FAILED");
        problem(send("GET", "/api/orders?page=-1", stranger), 400, "VALIDATION_FAILED");
        // Logged out: the deny-list entry user-api writes refuses the token before its expiry.
        stock.template().opsForValue().set("auth:deny:" + TestTokens.tokenId(stranger), "1", Duration.ofMinutes(15));
        problem(send("GET", "/api/orders", stranger), 401, "UNAUTHENTICATED");
    }

    private String order(long activity, long buyer) {
        long reservation = ids.incrementAndGet();
        ledger.issuePath(activity, buyer, "p", Duration.ofSeconds(60));
        ledger.reserve(activity, buyer, 1, System.currentTimeMillis(), reservation, "p");
        kafka.send("seckill.order.create", Long.toString(activity), """
                {"id":"%d","type":"ReservationCreated","version":1,"occurredAt":"2026-11-25T00:00:00Z","traceId":"t",
                 "payload":{"reservationId":"%d","activityId":"%d","userId":"%d","quantity":1,"unitPrice":"9.90",
                 "reservedAt":"2026-11-25T00:00:00Z"}}""".formatted(ids.incrementAndGet(), reservation, activity, buyer)).join();
        await().atMost(Duration.ofSeconds(30)).until(() -> "CONFIRMED".equals(ledger.reservation(activity, reservation).get("state")));
        return (String) ledger.reservation(activity, reservation).get("orderId");
    }

    private long activity(int total) {
        long activity = ids.incrementAndGet();
        jdbc.sql("INSERT INTO seckill_stock (activity_id, total, sold) VALUES (?, ?, 0)").params(activity, total).update();
        Instant now = Instant.now();
        ledger.preheat(new StockPlan(activity, total, 1, now.minusSeconds(10), now.plusSeconds(3600), 0));
        return activity;
    }

    private HttpResponse<String> send(String method, String path, String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static JsonNode json(HttpResponse<String> response, int status) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        return json.readTree(response.body());
    }

    private static void problem(HttpResponse<String> response, int status, String code) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(json.readTree(response.body()).path("code").asString()).isEqualTo(code);
    }
}

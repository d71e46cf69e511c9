package io.seckill.order.orders;

import static io.seckill.order.support.Api.json;
import static io.seckill.order.support.Api.problem;
import io.seckill.order.support.Api;
import io.seckill.order.support.OrderFixtures;
import org.junit.jupiter.api.BeforeEach;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.seckill.infra.embedded.TestTokens;
import io.seckill.infra.embedded.WithEmbeddedInfra;
import io.seckill.stock.StockKeys;
import io.seckill.stock.StockLedger;
import io.seckill.stock.StockRedis;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaTemplate;
import tools.jackson.databind.JsonNode;

/**
 * My orders, pay, cancel and the payment timeout over real HTTP, with orders made by the real pipeline. Each
 * cancellation returns the units to MySQL and Redis exactly once and keeps the buyer's slot.
 */
@WithEmbeddedInfra
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "seckill.order.payment-window=8s", "seckill.order.timeout-scan-interval=500ms"})
class OrdersApiTest {

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

    private OrderFixtures fixtures;
    private Api api;

    @BeforeEach
    void fixtures() {
        fixtures = new OrderFixtures(jdbc, ledger, kafka);
        api = new Api(port);
    }

    @Test
    void aBuyerSeesPaysAndCannotPayTwice() {
        long activity = fixtures.activity(5);
        long buyer = OrderFixtures.nextId();
        String token = TestTokens.customerToken(buyer);
        String orderId = Long.toString(fixtures.orderId(activity, fixtures.order(activity, buyer)));

        JsonNode listed = json(api.send("GET", "/api/orders?page=0&size=10", token), 200);
        assertThat(listed.path("total").asLong()).isEqualTo(1);
        assertThat(listed.path("items").get(0).path("id").asString()).isEqualTo(orderId);
        assertThat(listed.path("items").get(0).path("price").asString()).isEqualTo("9.90");

        JsonNode paid = json(api.send("POST", "/api/orders/" + orderId + "/pay", token), 200);
        assertThat(paid.path("status").asString()).isEqualTo("PAID");
        assertThat(paid.path("paidAt").asString()).isNotBlank();
        problem(api.send("POST", "/api/orders/" + orderId + "/pay", token), 409, "ORDER_STATE");
        problem(api.send("POST", "/api/orders/" + orderId + "/cancel", token), 409, "ORDER_STATE");
    }

    @Test
    void aBuyerCancelsTheUnitsGoBackOnceAndTheSlotStaysTaken() {
        long activity = fixtures.activity(5);
        long buyer = OrderFixtures.nextId();
        String token = TestTokens.customerToken(buyer);
        String orderId = Long.toString(fixtures.orderId(activity, fixtures.order(activity, buyer)));
        assertThat(ledger.stock(activity)).containsEntry("available", "4");

        JsonNode cancelled = json(api.send("POST", "/api/orders/" + orderId + "/cancel", token), 200);
        assertThat(cancelled.path("status").asString()).isEqualTo("CANCELLED");
        assertThat(cancelled.path("cancelReason").asString()).isEqualTo("USER");
        problem(api.send("POST", "/api/orders/" + orderId + "/cancel", token), 409, "ORDER_STATE");
        problem(api.send("POST", "/api/orders/" + orderId + "/pay", token), 409, "ORDER_STATE");

        assertThat(ledger.stock(activity)).containsEntry("available", "5").containsEntry("pending", "0");
        assertThat(jdbc.sql("SELECT sold FROM seckill_stock WHERE activity_id = ?").param(activity).query(Integer.class).single()).isZero();
        assertThat(stock.template().opsForHash().hasKey(StockKeys.buyers(activity), Long.toString(buyer))).isTrue();
    }

    @Test
    void anUnpaidOrderIsCancelledWhenItsWindowPassesAndALatePaymentIs409() {
        long activity = fixtures.activity(5);
        long buyer = OrderFixtures.nextId();
        String token = TestTokens.customerToken(buyer);
        String orderId = Long.toString(fixtures.orderId(activity, fixtures.order(activity, buyer)));

        await().atMost(Duration.ofSeconds(20)).until(() ->
                json(api.send("GET", "/api/orders/" + orderId, token), 200).path("status").asString().equals("CANCELLED"));
        assertThat(json(api.send("GET", "/api/orders/" + orderId, token), 200).path("cancelReason").asString()).isEqualTo("TIMEOUT");
        problem(api.send("POST", "/api/orders/" + orderId + "/pay", token), 409, "ORDER_STATE");
        assertThat(ledger.stock(activity)).containsEntry("available", "5");
        assertThat(jdbc.sql("SELECT sold FROM seckill_stock WHERE activity_id = ?").param(activity).query(Integer.class).single()).isZero();
    }

    @Test
    void anotherBuyersOrderIsA404AndBadCallsAre4xx() {
        long activity = fixtures.activity(5);
        long buyer = OrderFixtures.nextId();
        String orderId = Long.toString(fixtures.orderId(activity, fixtures.order(activity, buyer)));
        String stranger = TestTokens.customerToken(OrderFixtures.nextId());

        problem(api.send("GET", "/api/orders/" + orderId, stranger), 404, "NOT_FOUND");
        problem(api.send("POST", "/api/orders/" + orderId + "/pay", stranger), 404, "NOT_FOUND");
        problem(api.send("POST", "/api/orders/" + orderId + "/cancel", stranger), 404, "NOT_FOUND");
        assertThat(json(api.send("GET", "/api/orders", stranger), 200).path("total").asLong()).isZero();
        problem(api.send("GET", "/api/orders", null), 401, "UNAUTHENTICATED");
        problem(api.send("GET", "/api/orders", TestTokens.adminToken(1)), 401, "UNAUTHENTICATED");
        problem(api.send("GET", "/api/orders/abc", stranger), 400, "MALFORMED_REQUEST");
        problem(api.send("GET", "/api/orders?size=1000", stranger), 400, "VALIDATION_FAILED");
        problem(api.send("GET", "/api/orders?page=-1", stranger), 400, "VALIDATION_FAILED");
        // Logged out: the deny-list entry user-api writes refuses the token before its expiry.
        stock.template().opsForValue().set("auth:deny:" + TestTokens.tokenId(stranger), "1", Duration.ofMinutes(15));
        problem(api.send("GET", "/api/orders", stranger), 401, "UNAUTHENTICATED");
    }
}

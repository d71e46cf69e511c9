package io.seckill.order.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.seckill.infra.embedded.SchemaSql;
import io.seckill.infra.embedded.TestTokens;
import io.seckill.infra.embedded.WithEmbeddedInfra;
import io.seckill.stock.StockLedger;
import io.seckill.stock.StockPlan;
import io.seckill.tx.TransactionCoordinator;
import io.seckill.tx.TxContext;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Order search and the 2PC console: function-level permissions, filters, manual rollback with its audit row. */
@WithEmbeddedInfra
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class AdminApiTest {

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
    KafkaTemplate<String, String> kafka;

    @Autowired
    TransactionCoordinator coordinator;

    /** audit_log belongs to admin-back; in production admin-back has created it. */
    @BeforeAll
    static void adminSchema() {
        SchemaSql.flyway("filesystem:../admin-back/src/main/resources/db/migration/admin-back", "flyway_history_admin_back").migrate();
    }

    @Test
    void everyAdminEndpointNeedsAnAdminTokenWithItsPermission() {
        for (String path : List.of("/api/admin/orders", "/api/admin/transactions", "/api/admin/transactions/x")) {
            problem(send("GET", path, null), 401, "UNAUTHENTICATED");
            problem(send("GET", path, TestTokens.customerToken(1)), 401, "UNAUTHENTICATED");
            problem(send("GET", path, TestTokens.adminToken(1, "activity:read")), 403, "FORBIDDEN");
        }
        problem(send("POST", "/api/admin/transactions/x/rollback", TestTokens.adminToken(1, "tx:read")), 403, "FORBIDDEN");
    }

    @Test
    void ordersAreSearchableAndTransactionsShowTheirBranchesAndFences() {
        long activity = activity();
        long buyer = ids.incrementAndGet();
        long reservation = order(activity, buyer);
        String admin = TestTokens.adminToken(7, "order:read", "tx:read");

        JsonNode found = json(send("GET", "/api/admin/orders?activityId=" + activity + "&status=AWAITING_PAYMENT", admin));
        assertThat(found.path("total").asLong()).isEqualTo(1);
        assertThat(found.path("items").get(0).path("userId").asString()).isEqualTo(Long.toString(buyer));
        problem(send("GET", "/api/admin/orders?status=LOST", admin), 400, "VALIDATION_FAILED");
        problem(send("GET", "/api/admin/orders?size=0", admin), 400, "VALIDATION_FAILED");
        problem(send("GET", "/api/admin/orders?from=yesterday", admin), 400, "MALFORMED_REQUEST");

        JsonNode detail = json(send("GET", "/api/admin/transactions/rsv-" + reservation, admin));
        assertThat(detail.path("transaction").path("state").asString()).isEqualTo("COMMITTED");
        assertThat(detail.path("branches").valueStream().map(JsonNode::asString)).containsExactly("reservation", "order");
        assertThat(detail.path("fences").get(0).path("status").asString()).isEqualTo("COMMITTED");
        assertThat(json(send("GET", "/api/admin/transactions?state=COMMITTED&size=100", admin)).path("total").asLong()).isPositive();
        problem(send("GET", "/api/admin/transactions?state=MAYBE", admin), 400, "VALIDATION_FAILED");
        problem(send("GET", "/api/admin/transactions/nope", admin), 404, "NOT_FOUND");
    }

    @Test
    void aHangingTransactionIsRolledBackByHandAndAuditedAFinalOneIs409() {
        long activity = activity();
        long committed = order(activity, ids.incrementAndGet());
        String admin = TestTokens.adminToken(9, "tx:rollback", "tx:read");
        problem(send("POST", "/api/admin/transactions/rsv-" + committed + "/rollback", admin), 409, "TX_FINAL");

        // A transaction that began and never tried anything (a consumer crashed right after begin).
        String hanging = "manual-" + ids.incrementAndGet();
        coordinator.begin(new TxContext(hanging, Map.of("reservationId", Long.toString(ids.incrementAndGet()),
                "activityId", Long.toString(activity), "userId", "1", "quantity", "1", "unitPrice", "9.90")),
                List.of("reservation", "order"));
        JsonNode rolledBack = json(send("POST", "/api/admin/transactions/" + hanging + "/rollback", admin));
        assertThat(rolledBack.path("transaction").path("state").asString()).isEqualTo("ROLLED_BACK");
        assertThat(rolledBack.path("fences").get(0).path("status").asString()).isEqualTo("SUSPENDED");
        problem(send("POST", "/api/admin/transactions/" + hanging + "/rollback", admin), 409, "TX_FINAL");

        Map<String, Object> audit = jdbc.sql("SELECT actor_id, action, target_id, before_summary, after_summary, service"
                + " FROM audit_log WHERE target_id = ?").param(hanging).query().singleRow();
        assertThat(audit).containsEntry("actor_id", 9L).containsEntry("action", "TX_ROLLBACK")
                .containsEntry("before_summary", "state=TRYING").containsEntry("after_summary", "state=ROLLED_BACK")
                .containsEntry("service", "order-service");
    }

    private long activity() {
        long activity = ids.incrementAndGet();
        jdbc.sql("INSERT INTO seckill_stock (activity_id, total, sold) VALUES (?, 10, 0)").param(activity).update();
        Instant now = Instant.now();
        ledger.preheat(new StockPlan(activity, 10, 1, now.minusSeconds(10), now.plusSeconds(3600), 0));
        return activity;
    }

    private long order(long activity, long buyer) {
        long reservation = ids.incrementAndGet();
        ledger.issuePath(activity, buyer, "p", Duration.ofSeconds(60));
        ledger.reserve(activity, buyer, 1, System.currentTimeMillis(), reservation, "p");
        kafka.send("seckill.order.create", Long.toString(activity), """
                {"id":"%d","type":"ReservationCreated","version":1,"occurredAt":"2026-11-25T00:00:00Z","traceId":"t",
                 "payload":{"reservationId":"%d","activityId":"%d","userId":"%d","quantity":1,"unitPrice":"9.90",
                 "reservedAt":"2026-11-25T00:00:00Z"}}""".formatted(ids.incrementAndGet(), reservation, activity, buyer)).join();
        await().atMost(Duration.ofSeconds(30)).until(() -> "CONFIRMED".equals(ledger.reservation(activity, reservation).get("state")));
        return reservation;
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

    private static JsonNode json(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json.readTree(response.body());
    }

    private static void problem(HttpResponse<String> response, int status, String code) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(json.readTree(response.body()).path("code").asString()).isEqualTo(code);
    }
}

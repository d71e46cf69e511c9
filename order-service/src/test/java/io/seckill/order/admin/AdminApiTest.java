package io.seckill.order.admin;

import static io.seckill.order.support.Api.json;
import static io.seckill.order.support.Api.problem;
import io.seckill.order.support.Api;
import io.seckill.order.support.OrderFixtures;
import org.junit.jupiter.api.BeforeEach;
import static org.assertj.core.api.Assertions.assertThat;

import io.seckill.infra.embedded.SchemaSql;
import io.seckill.infra.embedded.TestTokens;
import io.seckill.infra.embedded.WithEmbeddedInfra;
import io.seckill.stock.StockLedger;
import io.seckill.tx.TransactionCoordinator;
import io.seckill.tx.TxContext;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaTemplate;
import tools.jackson.databind.JsonNode;

/** Order search and the 2PC console: function-level permissions, filters, manual rollback with its audit row. */
@WithEmbeddedInfra
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class AdminApiTest {

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

    private OrderFixtures fixtures;
    private Api api;

    @BeforeEach
    void fixtures() {
        fixtures = new OrderFixtures(jdbc, ledger, kafka);
        api = new Api(port);
    }

    /** audit_log belongs to admin-back; in production admin-back has created it. */
    @BeforeAll
    static void adminSchema() {
        SchemaSql.flyway("filesystem:../admin-back/src/main/resources/db/migration/admin-back", "flyway_history_admin_back").migrate();
    }

    @Test
    void everyAdminEndpointNeedsAnAdminTokenWithItsPermission() {
        for (String path : List.of("/api/admin/orders", "/api/admin/transactions", "/api/admin/transactions/x")) {
            problem(api.send("GET", path, null), 401, "UNAUTHENTICATED");
            problem(api.send("GET", path, TestTokens.customerToken(1)), 401, "UNAUTHENTICATED");
            problem(api.send("GET", path, TestTokens.adminToken(1, "activity:read")), 403, "FORBIDDEN");
        }
        problem(api.send("POST", "/api/admin/transactions/x/rollback", TestTokens.adminToken(1, "tx:read")), 403, "FORBIDDEN");
    }

    @Test
    void ordersAreSearchableAndTransactionsShowTheirBranchesAndFences() {
        long activity = fixtures.activity(10);
        long buyer = OrderFixtures.nextId();
        long reservation = fixtures.order(activity, buyer);
        String admin = TestTokens.adminToken(7, "order:read", "tx:read");

        JsonNode found = json(api.send("GET", "/api/admin/orders?activityId=" + activity + "&status=AWAITING_PAYMENT", admin), 200);
        assertThat(found.path("total").asLong()).isEqualTo(1);
        assertThat(found.path("items").get(0).path("userId").asString()).isEqualTo(Long.toString(buyer));
        problem(api.send("GET", "/api/admin/orders?status=LOST", admin), 400, "VALIDATION_FAILED");
        problem(api.send("GET", "/api/admin/orders?size=0", admin), 400, "VALIDATION_FAILED");
        problem(api.send("GET", "/api/admin/orders?from=yesterday", admin), 400, "MALFORMED_REQUEST");

        JsonNode detail = json(api.send("GET", "/api/admin/transactions/rsv-" + reservation, admin), 200);
        assertThat(detail.path("transaction").path("state").asString()).isEqualTo("COMMITTED");
        assertThat(detail.path("branches").valueStream().map(JsonNode::asString)).containsExactly("reservation", "order");
        assertThat(detail.path("fences").get(0).path("status").asString()).isEqualTo("COMMITTED");
        assertThat(json(api.send("GET", "/api/admin/transactions?state=COMMITTED&size=100", admin), 200).path("total").asLong()).isPositive();
        problem(api.send("GET", "/api/admin/transactions?state=MAYBE", admin), 400, "VALIDATION_FAILED");
        problem(api.send("GET", "/api/admin/transactions/nope", admin), 404, "NOT_FOUND");
    }

    @Test
    void aHangingTransactionIsRolledBackByHandAndAuditedAFinalOneIs409() {
        long activity = fixtures.activity(10);
        long committed = fixtures.order(activity, OrderFixtures.nextId());
        String admin = TestTokens.adminToken(9, "tx:rollback", "tx:read");
        problem(api.send("POST", "/api/admin/transactions/rsv-" + committed + "/rollback", admin), 409, "TX_FINAL");

        // A transaction that began and never tried anything (a consumer crashed right after begin).
        String hanging = "manual-" + OrderFixtures.nextId();
        coordinator.begin(new TxContext(hanging, Map.of("reservationId", Long.toString(OrderFixtures.nextId()),
                "activityId", Long.toString(activity), "userId", "1", "quantity", "1", "unitPrice", "9.90")),
                List.of("reservation", "order"));
        JsonNode rolledBack = json(api.send("POST", "/api/admin/transactions/" + hanging + "/rollback", admin), 200);
        assertThat(rolledBack.path("transaction").path("state").asString()).isEqualTo("ROLLED_BACK");
        assertThat(rolledBack.path("fences").get(0).path("status").asString()).isEqualTo("SUSPENDED");
        problem(api.send("POST", "/api/admin/transactions/" + hanging + "/rollback", admin), 409, "TX_FINAL");

        Map<String, Object> audit = jdbc.sql("SELECT actor_id, action, target_id, before_summary, after_summary, service"
                + " FROM audit_log WHERE target_id = ?").param(hanging).query().singleRow();
        assertThat(audit).containsEntry("actor_id", 9L).containsEntry("action", "TX_ROLLBACK")
                .containsEntry("before_summary", "state=TRYING").containsEntry("after_summary", "state=ROLLED_BACK")
                .containsEntry("service", "order-service");
    }
}

package io.seckill.admin.audit;

import static io.seckill.admin.support.Fixtures.createProduct;
import static io.seckill.admin.support.Fixtures.product;
import static org.assertj.core.api.Assertions.assertThat;

import io.seckill.admin.support.AdminApiTest;
import io.seckill.admin.support.Http;
import tools.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/** The audit trail: who, what, target, before/after, client IP, time; filtered and paged through the API. */
class AuditLogApiTest extends AdminApiTest {

    @Test
    void aWriteIsRecordedWithItsAdminClientAndSummariesAndCanBeFound() {
        String username = admin("product:write", "audit:read");
        String token = login(username);
        Http http = http().from("203.0.113.7");
        String product = createProduct(http, token);
        http.put("/api/admin/products/" + product, token, product("Renamed", "59.00"));

        Http.Response page = http.get("/api/admin/audit-logs?targetType=product&targetId=" + product + "&size=10", token);
        assertThat(page.status()).as(page.body()).isEqualTo(200);
        JsonNode body = page.json();
        assertThat(body.path("total").asLong()).isEqualTo(2);
        JsonNode update = body.path("items").get(0);
        assertThat(update.path("action").asString()).isEqualTo("PRODUCT_UPDATE");
        assertThat(update.path("actorType").asString()).isEqualTo("ADMIN");
        assertThat(update.path("actorName").asString()).isEqualTo(username);
        assertThat(update.path("clientIp").asString()).isEqualTo("203.0.113.7");
        assertThat(update.path("service").asString()).isEqualTo("admin-back");
        assertThat(update.path("before").asString()).contains("\"name\":\"Mug\"");
        assertThat(update.path("after").asString()).contains("\"name\":\"Renamed\"");
        assertThat(update.path("createdAt").asString()).endsWith("Z");
        assertThat(body.path("items").get(1).path("action").asString()).isEqualTo("PRODUCT_CREATE");

        String actor = update.path("actorId").asString();
        JsonNode byAction = http.get("/api/admin/audit-logs?actorId=" + actor + "&action=PRODUCT_CREATE", token).json();
        assertThat(byAction.path("total").asLong()).isEqualTo(1);
        assertThat(http.get("/api/admin/audit-logs?from=2999-01-01T00:00:00Z", token).json().path("total").asLong()).isZero();
        assertProblem(http.get("/api/admin/audit-logs?from=yesterday", token), 400, "MALFORMED_REQUEST");
        assertProblem(http.get("/api/admin/audit-logs?page=-1", token), 400, "VALIDATION_FAILED");
    }
}

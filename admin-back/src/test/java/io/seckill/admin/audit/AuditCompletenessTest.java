package io.seckill.admin.audit;

import static io.seckill.admin.support.Fixtures.activity;
import static io.seckill.admin.support.Fixtures.createActivity;
import static io.seckill.admin.support.Fixtures.createProduct;
import static io.seckill.admin.support.Fixtures.product;
import static org.assertj.core.api.Assertions.assertThat;

import io.seckill.admin.support.AdminApiTest;
import io.seckill.admin.support.Http;
import io.seckill.admin.support.UserServiceInJvm;
import io.seckill.user.contract.v1.CreateUserRequest;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Every admin write of admin-back leaves exactly one audit row, with the actor's name and the client IP. The list
 * of writes is checked against the application's own mappings: a new write endpoint fails this test until it is
 * added here (and audited).
 */
class AuditCompletenessTest extends AdminApiTest {

    /** Rotating a refresh token is not an admin action; the login that started the session is audited. */
    private static final Set<String> NOT_AUDITED = Set.of("POST /api/admin/auth/refresh");
    private static final String IP = "198.51.100.23";
    private static final Instant START = Instant.now().plus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    @Test
    void everyAdminWriteLeavesExactlyOneAuditRowWithItsActorAndClient() {
        String username = admin("product:write", "activity:write", "activity:preheat", "settings:write", "rbac:admin",
                "user:write");
        String token = login(username);
        Http http = http().from(IP);
        String product = createProduct(http, token);
        String activityId = createActivity(http, token, 10, 1, START, START.plus(1, ChronoUnit.HOURS));
        String other = admin("product:read");
        String otherId = jdbc.sql("SELECT id FROM admin_users WHERE username = ?").param(other).query(Long.class).single().toString();
        String customer = Long.toString(UserServiceInJvm.shared().stub().withDeadlineAfter(5, TimeUnit.SECONDS)
                .createUser(CreateUserRequest.newBuilder().setMobile("13" + ThreadLocalRandom.current().nextInt(100_000_000, 999_999_999))
                        .setPassword("Flash-sale-2026").setNickname("audited").build()).getId());
        long settingVersion = jdbc.sql("SELECT version FROM settings WHERE setting_key = 'order.payment-window-minutes'")
                .query(Long.class).single();
        String[] ids = new String[4]; // role, permission, new admin, a second role
        String[] session = new String[1];

        Map<String, Supplier<Http.Response>> writes = new LinkedHashMap<>();
        writes.put("POST /api/admin/products", () -> http.post("/api/admin/products", token, product("Cup", "9.00")));
        writes.put("PUT /api/admin/products/{id}", () -> http.put("/api/admin/products/" + product, token, product("Cup 2", "59.00")));
        writes.put("POST /api/admin/activities", () -> http.post("/api/admin/activities", token,
                activity(product, "1.00", 5, 1, START, START.plusSeconds(600))));
        writes.put("PUT /api/admin/activities/{id}", () -> http.put("/api/admin/activities/" + activityId, token,
                activity(product, "2.00", 10, 1, START, START.plus(1, ChronoUnit.HOURS))));
        writes.put("POST /api/admin/activities/{id}/schedule", () -> http.post("/api/admin/activities/" + activityId + "/schedule", token, null));
        writes.put("POST /api/admin/activities/{id}/preheat", () -> http.post("/api/admin/activities/" + activityId + "/preheat", token, null));
        writes.put("DELETE /api/admin/activities/{id}", () -> http.delete("/api/admin/activities/" + activityId, token));
        writes.put("DELETE /api/admin/products/{id}", () -> http.delete("/api/admin/products/" + product, token));
        writes.put("PUT /api/admin/settings/{id}", () -> http.put("/api/admin/settings/order.payment-window-minutes", token,
                "{\"value\":15,\"version\":" + settingVersion + "}"));
        writes.put("POST /api/admin/permissions", () -> keep(ids, 1, http.post("/api/admin/permissions", token,
                "{\"code\":\"audit" + ThreadLocalRandom.current().nextInt(1_000_000) + ":test\"}")));
        writes.put("PUT /api/admin/permissions/{id}", () -> http.put("/api/admin/permissions/" + ids[1], token, "{\"description\":\"d\"}"));
        writes.put("POST /api/admin/roles", () -> keep(ids, 0, http.post("/api/admin/roles", token, "{\"name\":\"audited" + this.ids.nextId() + "\"}")));
        writes.put("PUT /api/admin/roles/{id}", () -> http.put("/api/admin/roles/" + ids[0], token, "{\"name\":\"audited" + this.ids.nextId() + "\"}"));
        writes.put("PUT /api/admin/roles/{id}/permissions/{id}", () -> http.put("/api/admin/roles/" + ids[0] + "/permissions/" + ids[1], token, null));
        writes.put("DELETE /api/admin/roles/{id}/permissions/{id}", () -> http.delete("/api/admin/roles/" + ids[0] + "/permissions/" + ids[1], token));
        writes.put("DELETE /api/admin/permissions/{id}", () -> http.delete("/api/admin/permissions/" + ids[1], token));
        writes.put("POST /api/admin/admins", () -> keepAdmin(ids, http.post("/api/admin/admins", token,
                "{\"username\":\"audited" + this.ids.nextId() + "\",\"displayName\":\"A\"}")));
        writes.put("PUT /api/admin/admins/{id}", () -> http.put("/api/admin/admins/" + ids[2], token, "{\"displayName\":\"B\"}"));
        writes.put("PUT /api/admin/admins/{id}/roles/{id}", () -> http.put("/api/admin/admins/" + ids[2] + "/roles/" + ids[0], token, null));
        writes.put("DELETE /api/admin/admins/{id}/roles/{id}", () -> http.delete("/api/admin/admins/" + ids[2] + "/roles/" + ids[0], token));
        writes.put("DELETE /api/admin/roles/{id}", () -> http.delete("/api/admin/roles/" + ids[0], token));
        writes.put("POST /api/admin/admins/{id}/disable", () -> http.post("/api/admin/admins/" + otherId + "/disable", token, null));
        writes.put("POST /api/admin/admins/{id}/enable", () -> http.post("/api/admin/admins/" + otherId + "/enable", token, null));
        writes.put("POST /api/admin/admins/{id}/password-reset", () -> http.post("/api/admin/admins/" + otherId + "/password-reset", token, null));
        writes.put("DELETE /api/admin/admins/{id}", () -> http.delete("/api/admin/admins/" + ids[2], token));
        writes.put("POST /api/admin/users/{id}/disable", () -> http.post("/api/admin/users/" + customer + "/disable", token, null));
        writes.put("POST /api/admin/users/{id}/enable", () -> http.post("/api/admin/users/" + customer + "/enable", token, null));
        String second = admin("audit:read");
        writes.put("POST /api/admin/auth/login", () -> keepToken(session, http.post("/api/admin/auth/login", null,
                "{\"username\":\"" + second + "\",\"password\":\"" + password(second) + "\"}")));
        writes.put("POST /api/admin/auth/password", () -> keepToken(session, http.post("/api/admin/auth/password", session[0],
                "{\"currentPassword\":\"" + password(second) + "\",\"newPassword\":\"Audited-change-2026\"}")));
        writes.put("POST /api/admin/auth/logout", () -> http.post("/api/admin/auth/logout", session[0], null));

        Set<String> expected = new TreeSet<>(writeMappings());
        expected.removeAll(NOT_AUDITED);
        assertThat(new TreeSet<>(writes.keySet())).isEqualTo(expected);

        writes.forEach((name, write) -> {
            long before = rows();
            Http.Response response = write.get();
            assertThat(response.status()).as(name + ": " + response.body()).isBetween(200, 299);
            assertThat(rows()).as(name).isEqualTo(before + 1);
            List<String> newest = jdbc.sql("SELECT CONCAT(COALESCE(actor_name, ''), ' ', COALESCE(client_ip, '')) FROM audit_log"
                    + " WHERE service = 'admin-back' ORDER BY created_at DESC, id DESC LIMIT 1").query(String.class).list();
            assertThat(newest.get(0)).as(name).endsWith(" " + IP).doesNotStartWith(" ");
        });
    }

    private long rows() {
        return jdbc.sql("SELECT COUNT(*) FROM audit_log WHERE service = 'admin-back'").query(Long.class).single();
    }

    private Set<String> writeMappings() {
        Set<String> writes = new TreeSet<>();
        mappings.getHandlerMethods().keySet().forEach(info -> info.getPatternValues().stream()
                .filter(p -> p.startsWith("/api/admin"))
                .forEach(p -> info.getMethodsCondition().getMethods().stream().filter(m -> !m.name().equals("GET"))
                        .forEach(m -> writes.add(m.name() + " " + p.replaceAll("\\{[^}]+}", "{id}")))));
        return writes;
    }

    private static Http.Response keep(String[] ids, int slot, Http.Response created) {
        ids[slot] = created.json().path("id").asString();
        return created;
    }

    private static Http.Response keepAdmin(String[] ids, Http.Response created) {
        ids[2] = created.json().path("admin").path("id").asString();
        return created;
    }

    private static Http.Response keepToken(String[] session, Http.Response tokens) {
        session[0] = tokens.json().path("accessToken").asString();
        return tokens;
    }
}

package io.seckill.bench;

import java.io.IOException;
import java.net.URI;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * The admin API calls of a run (docs/admin-back.md), as the super-admin of {@code demo-credentials.json}: a product,
 * a fresh activity, its preheat, and moving its start once the buyers hold their captchas.
 */
final class AdminClient {

    record Activity(long id, long productId, int stock, int perUserLimit, Instant start, Instant end) {
    }

    private final Http http;
    private final URI base;
    private final String token;

    private AdminClient(Http http, URI base, String token) {
        this.http = http;
        this.base = base;
        this.token = token;
    }

    static AdminClient login(Http http, URI base, String username, String password) throws IOException, InterruptedException {
        JsonNode answer = Http.expect(200, http.post(base.resolve("/api/admin/auth/login"), null,
                Map.of("username", username, "password", password)), "admin login");
        return new AdminClient(http, base, answer.path("accessToken").asString());
    }

    Activity createActivity(String title, int stock, Instant start, Instant end) throws IOException, InterruptedException {
        JsonNode product = Http.expect(201, http.post(base.resolve("/api/admin/products"), token, Map.of(
                "name", title, "description", "created by ./seckill bench", "originalPrice", "99.00")), "create product");
        long productId = Long.parseLong(product.path("id").asString());
        Activity draft = new Activity(0, productId, stock, 1, start, end);
        JsonNode created = Http.expect(201, http.post(base.resolve("/api/admin/activities"), token, body(title, draft)),
                "create activity");
        return new Activity(Long.parseLong(created.path("id").asString()), productId, stock, 1, start, end);
    }

    /** Allowed while the activity is not live; the preheat after it rebuilds the Redis terms. */
    Activity reschedule(Activity activity, String title, Instant start, Instant end) throws IOException, InterruptedException {
        Activity moved = new Activity(activity.id(), activity.productId(), activity.stock(), activity.perUserLimit(), start, end);
        Http.expect(200, http.put(base.resolve("/api/admin/activities/" + activity.id()), token, body(title, moved)),
                "reschedule activity");
        return moved;
    }

    void preheat(Activity activity) throws IOException, InterruptedException {
        Http.expect(200, http.post(base.resolve("/api/admin/activities/" + activity.id() + "/preheat"), token, "{}"),
                "preheat activity");
    }

    private static Map<String, Object> body(String title, Activity activity) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("productId", Long.toString(activity.productId()));
        body.put("title", title);
        body.put("seckillPrice", "9.90");
        body.put("totalStock", activity.stock());
        body.put("perUserLimit", activity.perUserLimit());
        body.put("startTime", activity.start().toString());
        body.put("endTime", activity.end().toString());
        return body;
    }
}

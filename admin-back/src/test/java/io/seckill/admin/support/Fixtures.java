package io.seckill.admin.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

/** Request bodies and HTTP shortcuts for catalog tests. */
public final class Fixtures {

    private Fixtures() {
    }

    public static String product(String name, String price) {
        return "{\"name\":\"" + name + "\",\"description\":\"陶瓷马克杯\",\"imageUrl\":\"/img/mug.png\",\"originalPrice\":\"" + price + "\"}";
    }

    public static String activity(String productId, String price, int stock, int limit, Instant start, Instant end) {
        return "{\"productId\":\"" + productId + "\",\"title\":\"双十一 flash sale\",\"seckillPrice\":\"" + price
                + "\",\"totalStock\":" + stock + ",\"perUserLimit\":" + limit + ",\"startTime\":\"" + start
                + "\",\"endTime\":\"" + end + "\"}";
    }

    /** Creates a product (59.00) and returns its id. */
    public static String createProduct(Http http, String token) {
        Http.Response created = http.post("/api/admin/products", token, product("Mug", "59.00"));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.json().path("id").asString();
    }

    /** Creates an activity of a new product and returns its id. */
    public static String createActivity(Http http, String token, int stock, int limit, Instant start, Instant end) {
        String product = createProduct(http, token);
        Http.Response created = http.post("/api/admin/activities", token, activity(product, "9.90", stock, limit, start, end));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.json().path("id").asString();
    }
}

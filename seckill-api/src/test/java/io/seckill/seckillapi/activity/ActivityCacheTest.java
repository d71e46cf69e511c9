package io.seckill.seckillapi.activity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.seckill.infra.embedded.WithEmbeddedInfra;
import io.seckill.seckillapi.activity.infrastructure.CachedActivityCatalog;
import io.seckill.seckillapi.support.Catalog;
import io.seckill.seckillapi.support.Http;
import io.seckill.seckillapi.support.ServiceTest;
import io.seckill.stock.StockKeys;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * Reads come from process memory, then Redis, then MySQL; an admin change announced on the channel reaches the
 * next read. Proven by changing MySQL behind the cache's back: the old value stays until the announcement.
 */
@WithEmbeddedInfra
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ActivityCacheTest extends ServiceTest {
    @Autowired
    CachedActivityCatalog cache;

    @Test
    void readsAreServedFromBothLevelsUntilTheAdminAnnouncesAChange() {
        Http http = new Http(port);
        Catalog catalog = new Catalog(jdbc, ledger);
        long activity = catalog.liveActivity(10, 1);
        String detail = "/api/seckill/activities/" + activity;
        assertThat(title(http.get(detail, null))).isEqualTo("activity " + activity);
        assertThat(redis.opsForValue().get("cache:activity:" + activity)).contains("\"title\":\"activity " + activity + "\"");

        catalog.retitleSilently(activity, "renamed");
        assertThat(title(http.get(detail, null))).as("level 1").isEqualTo("activity " + activity);
        cache.dropLocal(activity);
        assertThat(title(http.get(detail, null))).as("level 2, as a fresh instance sees it").isEqualTo("activity " + activity);

        redis.convertAndSend(StockKeys.ACTIVITY_CHANGED_CHANNEL, Long.toString(activity));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(title(http.get(detail, null))).isEqualTo("renamed"));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(http.get("/api/seckill/activities", null).body())
                .contains("\"title\":\"renamed\""));
    }

    @Test
    void anUnknownActivityIs404AndAMalformedAnnouncementIsIgnored() {
        Catalog.migrate(); // the tables exist (admin-back's migrations), the activity does not, whatever ran first
        Http http = new Http(port);
        Http.Response missing = http.get("/api/seckill/activities/" + Catalog.nextId(), null);
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.code()).isEqualTo("NOT_FOUND");
        redis.convertAndSend(StockKeys.ACTIVITY_CHANGED_CHANNEL, "not-an-id");
        assertThat(http.get("/api/seckill/activities", null).status()).isEqualTo(200);
    }

    private static String title(Http.Response response) {
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json().path("activity").path("title").asString();
    }
}

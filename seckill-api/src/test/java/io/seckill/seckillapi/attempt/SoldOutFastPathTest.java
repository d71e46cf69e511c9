package io.seckill.seckillapi.attempt;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SoldOutFastPathTest {

    @Test
    void findsTheActivityOfAnAttemptUriOnly() {
        assertThat(SoldOutFastPath.attemptedActivity("/api/seckill/activities/121409303881424896/abc/orders"))
                .isEqualTo(121409303881424896L);
        assertThat(SoldOutFastPath.attemptedActivity("/api/seckill/activities/7/p/orders")).isEqualTo(7);
        assertThat(SoldOutFastPath.attemptedActivity("/api/seckill/activities/7/" + "x".repeat(64) + "/orders")).isEqualTo(7);
    }

    @Test
    void everythingElseIsLeftToTheNormalPath() {
        for (String uri : new String[] {null, "", "/api/seckill/activities/7/path", "/api/seckill/activities//p/orders",
                "/api/seckill/activities/7//orders", "/api/seckill/activities/7/a/b/orders",
                "/api/seckill/activities/12a/p/orders", "/api/seckill/activities/-7/p/orders",
                "/api/seckill/activities/1234567890123456789/p/orders",
                "/api/seckill/activities/7/" + "x".repeat(65) + "/orders", "/api/seckill/activities/7/p/orders/",
                "/api/seckill/activities/7/captcha", "/other/api/seckill/activities/7/p/orders"}) {
            assertThat(SoldOutFastPath.attemptedActivity(uri)).as(uri).isEqualTo(-1);
        }
    }
}

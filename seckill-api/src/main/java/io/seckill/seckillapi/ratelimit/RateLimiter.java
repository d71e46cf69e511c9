package io.seckill.seckillapi.ratelimit;

import io.seckill.kernel.redis.LuaScript;
import io.seckill.kernel.error.ApiException;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;

/**
 * Per-user, per-IP and per-activity token buckets in Redis (the {@code cache} connection), checked by one Lua
 * script: one round trip, all buckets or none. Hand-written rather than Bucket4j: Bucket4j's Redis backends
 * are compare-and-swap (read, compute, swap, retry on conflict), and a per-activity bucket in a rush is the most
 * contended key there is; a single script never retries.
 */
@Component
@EnableConfigurationProperties(RateLimitProperties.class)
public class RateLimiter {

    @SuppressWarnings("rawtypes")
    private static final RedisScript<List> SCRIPT = script();

    private final StringRedisTemplate redis;
    private final RateLimitProperties properties;

    RateLimiter(StringRedisTemplate redis, RateLimitProperties properties) {
        this.redis = redis;
        this.properties = properties;
    }

    /** An attempt: the buyer's, the IP's and the activity's buckets. @throws ApiException 429 with Retry-After */
    public void checkAttempt(long activityId, long userId, String clientIp) {
        RateLimitProperties.Limits limits = properties.forActivity(activityId);
        String tag = "rl:{a:" + activityId + "}:";
        acquire(List.of(tag + "user:" + userId, tag + "ip:" + clientIp, tag + "all"),
                limits.user(), limits.ip(), limits.activity());
    }

    /** A captcha costs CPU to draw: its own bucket per buyer, and the IP's. */
    public void checkCaptcha(long activityId, long userId, String clientIp) {
        RateLimitProperties.Limits limits = properties.forActivity(activityId);
        String tag = "rl:{a:" + activityId + "}:";
        acquire(List.of(tag + "captcha:" + userId, tag + "ip:" + clientIp), limits.captcha(), limits.ip());
    }

    private void acquire(List<String> keys, RateLimitProperties.Bucket... buckets) {
        Object[] args = new Object[buckets.length * 2];
        for (int i = 0; i < buckets.length; i++) {
            args[2 * i] = Long.toString(buckets[i].capacity());
            args[2 * i + 1] = Double.toString(buckets[i].perSecond());
        }
        List<?> result = redis.execute(SCRIPT, keys, args);
        if (((Number) result.get(0)).longValue() == 0) {
            throw ApiException.rateLimited(Duration.ofMillis(((Number) result.get(1)).longValue()));
        }
    }

    @SuppressWarnings("rawtypes")
    private static RedisScript<List> script() {
        return LuaScript.load("lua/rate_limit.lua", List.class);
    }
}

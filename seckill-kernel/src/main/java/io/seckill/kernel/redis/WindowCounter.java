package io.seckill.kernel.redis;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * Fixed-window counters in Redis ({@code lua/kernel/window_hit.lua}): "at most N per window" limits where a plain
 * count is what the rule says (SMS per IP per hour, failed logins per 15 minutes), unlike a token bucket's
 * smoothing. A bean in every service with Redis; user-api and admin-back throttle logins with it.
 */
public class WindowCounter {

    @SuppressWarnings("rawtypes")
    private static final RedisScript<List> HIT = script();

    private final StringRedisTemplate redis;

    public WindowCounter(StringRedisTemplate redis) {
        this.redis = redis;
    }

    /** Counts a hit; when the window is already full nothing is counted and the wait is returned. */
    public Optional<Duration> hit(String key, long limit, Duration window) {
        List<?> result = redis.execute(HIT, List.of(key), Long.toString(limit), Long.toString(window.toMillis()));
        if (((Number) result.get(0)).longValue() == 1) {
            return Optional.empty();
        }
        return Optional.of(Duration.ofMillis(((Number) result.get(1)).longValue()));
    }

    /** The wait when the window already holds {@code limit} hits, without counting one. */
    public Optional<Duration> full(String key, long limit) {
        String count = redis.opsForValue().get(key);
        if (count == null || Long.parseLong(count) < limit) {
            return Optional.empty();
        }
        Long left = redis.getExpire(key, TimeUnit.MILLISECONDS);
        return Optional.of(Duration.ofMillis(Math.max(1000, left == null ? 1000 : left)));
    }

    public void reset(String key) {
        redis.delete(key);
    }

    @SuppressWarnings("rawtypes")
    private static RedisScript<List> script() {
        return LuaScript.load("lua/kernel/window_hit.lua", List.class);
    }
}

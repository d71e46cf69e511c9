package io.seckill.admin.security;

import java.time.Duration;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;

/**
 * Revoked access tokens: {@code auth:deny:<jti>} (DESIGN.md §8) until the token would have expired anyway. The key
 * space is shared with user-api; token ids are random UUIDs, so customer and admin entries never collide.
 */
@Component
public class DenyList {

    private final StringRedisTemplate redis;

    DenyList(StringRedisTemplate redis) {
        this.redis = redis;
    }

    public boolean isDenied(String tokenId) {
        return Boolean.TRUE.equals(redis.hasKey(key(tokenId)));
    }

    public void deny(String tokenId, Duration remaining) {
        if (remaining.isPositive()) {
            redis.opsForValue().set(key(tokenId), "logout", remaining);
        }
    }

    private static String key(String tokenId) {
        return "auth:deny:" + tokenId;
    }
}

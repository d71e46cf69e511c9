package io.seckill.admin.security;

import io.seckill.kernel.security.VerifiedToken;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;

/**
 * Revoked access tokens: {@code auth:deny:<jti>} (DESIGN.md §8) until the token would have expired anyway. The key
 * space is shared with user-api; token ids are random UUIDs, so customer and admin entries never collide.
 * <p>
 * Besides single tokens: every token of a disabled admin ({@code auth:deny-admin:<id>}, removed when they are
 * enabled again), and every token of an admin issued before a password change or reset
 * ({@code auth:deny-admin-before:<id>} = that moment in epoch millis, truncated to the second as {@code iat} is, so
 * the tokens issued right after the change stay valid). Disabling an admin or changing their password must cut off
 * the access tokens already out, not only the refresh tokens. The keys are read in one round trip.
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

    /** Whether the token was logged out, or issued before its admin was cut off. */
    public boolean isDenied(VerifiedToken token) {
        List<String> values = redis.opsForValue().multiGet(List.of(key(token.tokenId()), adminKey(token.subject()),
                beforeKey(token.subject())));
        if (values == null) {
            return false;
        }
        if (values.get(0) != null || values.get(1) != null) {
            return true;
        }
        return values.get(2) != null && token.issuedAt().toEpochMilli() < Long.parseLong(values.get(2));
    }

    /** Refuses every access token of the admin while they are disabled (at most as long as such a token lives). */
    public void denyAdmin(long adminId, Duration accessTtl) {
        redis.opsForValue().set(adminKey(Long.toString(adminId)), "disabled", accessTtl.plusMinutes(1));
    }

    /** The admin was enabled again: their new logins' tokens work. */
    public void allowAdmin(long adminId) {
        redis.delete(adminKey(Long.toString(adminId)));
    }

    /** Refuses every access token of the admin issued before now, for as long as such a token can live. */
    public void denyAdminTokensIssuedBefore(long adminId, Instant now, Duration accessTtl) {
        long cutOff = now.truncatedTo(ChronoUnit.SECONDS).toEpochMilli();
        redis.opsForValue().set(beforeKey(Long.toString(adminId)), Long.toString(cutOff), accessTtl.plusMinutes(1));
    }

    public void deny(String tokenId, Duration remaining) {
        if (remaining.isPositive()) {
            redis.opsForValue().set(key(tokenId), "logout", remaining);
        }
    }

    private static String beforeKey(String adminId) {
        return "auth:deny-admin-before:" + adminId;
    }

    private static String adminKey(String adminId) {
        return "auth:deny-admin:" + adminId;
    }

    private static String key(String tokenId) {
        return "auth:deny:" + tokenId;
    }
}

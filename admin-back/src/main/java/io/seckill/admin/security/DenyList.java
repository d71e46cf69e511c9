package io.seckill.admin.security;

import io.seckill.kernel.security.RedisRevocationList;
import io.seckill.kernel.security.RevocationList;
import io.seckill.kernel.security.VerifiedToken;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
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
 * the access tokens already out, not only the refresh tokens. This class writes the entries; they are read by the
 * kernel's {@link RedisRevocationList} (one round trip), in admin-back and in every other service alike.
 * Disabled customers: {@code auth:deny-user:<id>}, written by {@link #denyUser} when admin-back disables one.
 */
@Component
public class DenyList {

    private final StringRedisTemplate redis;
    private final RevocationList revocations;

    DenyList(StringRedisTemplate redis, RevocationList revocations) {
        this.redis = redis;
        this.revocations = revocations;
    }

    public boolean isDenied(String tokenId) {
        return Boolean.TRUE.equals(redis.hasKey(key(tokenId)));
    }

    /** Whether the token was logged out, or issued before its admin was cut off. */
    public boolean isDenied(VerifiedToken token) {
        return revocations.isRevoked(token);
    }

    /** Refuses every access token of a disabled customer, in every service, for as long as such a token lives. */
    public void denyUser(long userId, Duration accessTtl) {
        redis.opsForValue().set(RedisRevocationList.disabledUserKey(Long.toString(userId)), "disabled", accessTtl.plusMinutes(1));
    }

    /** The customer was enabled again. */
    public void allowUser(long userId) {
        redis.delete(RedisRevocationList.disabledUserKey(Long.toString(userId)));
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
        return RedisRevocationList.adminIssuedBeforeKey(adminId);
    }

    private static String adminKey(String adminId) {
        return RedisRevocationList.disabledAdminKey(adminId);
    }

    private static String key(String tokenId) {
        return RedisRevocationList.tokenKey(tokenId);
    }
}

package io.seckill.kernel.security;

import java.util.List;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * The deny-lists, read in one round trip ({@code MGET}) whatever the audience:
 * <ul>
 *   <li>{@code auth:deny:<jti>}: one token logged out or revoked (user-api, admin-back);</li>
 *   <li>customers: {@code auth:deny-user:<id>} while admin-back has the customer disabled;</li>
 *   <li>admins: {@code auth:deny-admin:<id>} while the admin is disabled, and {@code auth:deny-admin-before:<id>}
 *       (epoch millis) refusing the tokens issued before a password change or reset.</li>
 * </ul>
 * Every entry lives as long as an access token can, so the lists stay small. Because every service verifies
 * tokens through this one class, disabling a customer or an admin cuts their tokens off everywhere at once, not
 * only in the service that disabled them.
 */
public final class RedisRevocationList implements RevocationList {

    private final StringRedisTemplate redis;

    public RedisRevocationList(StringRedisTemplate redis) {
        this.redis = redis;
    }

    public static String tokenKey(String tokenId) {
        return "auth:deny:" + tokenId;
    }

    public static String disabledUserKey(String userId) {
        return "auth:deny-user:" + userId;
    }

    public static String disabledAdminKey(String adminId) {
        return "auth:deny-admin:" + adminId;
    }

    public static String adminIssuedBeforeKey(String adminId) {
        return "auth:deny-admin-before:" + adminId;
    }

    @Override
    public boolean isRevoked(VerifiedToken token) {
        boolean admin = token.audience() == Audience.ADMIN;
        List<String> keys = admin
                ? List.of(tokenKey(token.tokenId()), disabledAdminKey(token.subject()), adminIssuedBeforeKey(token.subject()))
                : List.of(tokenKey(token.tokenId()), disabledUserKey(token.subject()));
        List<String> values = redis.opsForValue().multiGet(keys);
        if (values == null) {
            return false;
        }
        if (values.get(0) != null || values.get(1) != null) {
            return true;
        }
        return admin && values.get(2) != null && token.issuedAt().toEpochMilli() < Long.parseLong(values.get(2));
    }
}

package io.seckill.kernel.security;

import org.springframework.data.redis.core.StringRedisTemplate;

/** The deny-list as user-api writes it: {@code auth:deny:<jti>} exists while the token is revoked. */
public final class RedisRevocationList implements RevocationList {

    private final StringRedisTemplate redis;

    public RedisRevocationList(StringRedisTemplate redis) {
        this.redis = redis;
    }

    @Override
    public boolean isRevoked(VerifiedToken token) {
        return Boolean.TRUE.equals(redis.hasKey("auth:deny:" + token.tokenId()));
    }
}

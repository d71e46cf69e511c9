package io.seckill.user.api.token;

import io.seckill.kernel.redis.RefreshFamilyStore;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;

/**
 * Customer refresh tokens: the kernel's {@link RefreshFamilyStore} (opaque {@code <family>.<secret>}, rotation in
 * one Lua script, reuse revokes the family) with 16-byte families, so 22 characters — never admin-back's 24.
 */
@Component
class RefreshTokens {

    static final int FAMILY_BYTES = 16;

    private final RefreshFamilyStore store;

    RefreshTokens(StringRedisTemplate redis) {
        this.store = new RefreshFamilyStore(redis, FAMILY_BYTES);
    }

    String newFamily() {
        return store.newFamily();
    }

    /** A new family for a fresh login; returns the first refresh token. */
    String start(String family, long userId, Duration ttl) {
        return store.start(family, userId, ttl);
    }

    Optional<RefreshFamilyStore.Presented> parse(String token) {
        return store.parse(token);
    }

    /** The family's user, without changing anything (to check the account before rotating). */
    OptionalLong userOf(String family) {
        return store.subjectOf(family);
    }

    RefreshFamilyStore.Rotated rotate(RefreshFamilyStore.Presented presented, Duration ttl) {
        return store.rotate(presented, ttl);
    }

    /** @return whether a live family was deleted */
    boolean revoke(String family) {
        return store.revoke(family);
    }
}

package io.seckill.admin.auth;

import io.seckill.kernel.redis.RefreshFamilyStore;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;

/**
 * Admin refresh tokens: the kernel's {@link RefreshFamilyStore} (opaque {@code <family>.<secret>}, shared with
 * user-api) with 18-byte families, so 24 characters — never a customer's 22, and neither issuer accepts the other's.
 * Besides, every family is listed under {@code auth:admin-sessions:<adminId>}, so disabling an admin or changing
 * their password can end every session of theirs at once.
 */
@Component
class RefreshFamilies {

    static final int FAMILY_BYTES = 18;

    private final StringRedisTemplate redis;
    private final RefreshFamilyStore store;

    RefreshFamilies(StringRedisTemplate redis) {
        this.redis = redis;
        this.store = new RefreshFamilyStore(redis, FAMILY_BYTES);
    }

    /** A new session; returns the family and its first refresh token. */
    Started start(long adminId, Duration ttl) {
        String family = store.newFamily();
        String token = store.start(family, adminId, ttl);
        redis.opsForSet().add(sessionsKey(adminId), family);
        redis.expire(sessionsKey(adminId), ttl);
        return new Started(family, token);
    }

    record Started(String family, String refreshToken) {
        @Override
        public String toString() {
            return "Started[family=" + family + "]";
        }
    }

    Optional<RefreshFamilyStore.Presented> parse(String token) {
        return store.parse(token);
    }

    /** The family's admin, without changing anything. */
    OptionalLong adminOf(String family) {
        return store.subjectOf(family);
    }

    RefreshFamilyStore.Rotated rotate(RefreshFamilyStore.Presented presented, Duration ttl) {
        RefreshFamilyStore.Rotated rotated = store.rotate(presented, ttl);
        if (rotated.outcome() == RefreshFamilyStore.Outcome.ROTATED) {
            redis.expire(sessionsKey(rotated.subjectId()), ttl); // the index lives as long as its newest session
        }
        return rotated;
    }

    void revoke(String family) {
        store.revoke(family);
    }

    /** Ends every session of the admin: their refresh tokens stop working at once. */
    void revokeAll(long adminId) {
        Set<String> families = redis.opsForSet().members(sessionsKey(adminId));
        if (families != null) {
            store.revokeAll(families);
        }
        redis.delete(sessionsKey(adminId));
    }

    private static String sessionsKey(long adminId) {
        return "auth:admin-sessions:" + adminId;
    }
}

package io.seckill.admin.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Pattern;
import org.springframework.core.io.ClassPathResource;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.DefaultRedisScript;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;

/**
 * Opaque rotating refresh tokens {@code <family>.<secret>}, both random. A family is one admin session; Redis keeps
 * only {@code auth:refresh:<family>} = {@code <adminId>:<sha256(current secret)>} (DESIGN.md §8), never a usable
 * token. Every use rotates the secret atomically ({@code refresh_rotate.lua}); a secret that is not the current
 * one means a replayed or stolen token, and the whole family is deleted.
 * <p>
 * The key space is shared with user-api's customer sessions. Admin families are 24 characters and customer ones 22,
 * and each side accepts only its own length, so a refresh token can never be rotated by the other issuer (which
 * would mint a token of the wrong audience for an id of the wrong table).
 */
@Component
class RefreshFamilies {

    private static final Pattern FORMAT = Pattern.compile("([A-Za-z0-9_-]{24})\\.([A-Za-z0-9_-]{43})");
    @SuppressWarnings("rawtypes")
    private static final RedisScript<List> ROTATE = script();

    private final StringRedisTemplate redis;
    private final SecureRandom random = new SecureRandom();

    RefreshFamilies(StringRedisTemplate redis) {
        this.redis = redis;
    }

    record Presented(String family, String secret) {
        @Override
        public String toString() {
            return "Presented[family=" + family + "]";
        }
    }

    enum Outcome { ROTATED, REUSED, UNKNOWN }

    record Rotated(Outcome outcome, long adminId, String newToken) {
    }

    /**
     * A new session; returns the family and its first refresh token. The family is also listed under
     * {@code auth:admin-sessions:<adminId>}, so disabling an admin or resetting their password can end every session.
     */
    Presented start(long adminId, Duration ttl) {
        Presented first = new Presented(randomPart(18), randomPart(32));
        redis.opsForValue().set(key(first.family()), adminId + ":" + sha256(first.secret()), ttl);
        redis.opsForSet().add(sessionsKey(adminId), first.family());
        redis.expire(sessionsKey(adminId), ttl);
        return first;
    }

    /** Ends every session of the admin: their refresh tokens stop working at once. */
    void revokeAll(long adminId) {
        var families = redis.opsForSet().members(sessionsKey(adminId));
        if (families != null && !families.isEmpty()) {
            redis.delete(families.stream().map(RefreshFamilies::key).toList());
        }
        redis.delete(sessionsKey(adminId));
    }

    static Optional<Presented> parse(String token) {
        if (token == null || token.length() > 100) {
            return Optional.empty();
        }
        var matcher = FORMAT.matcher(token);
        return matcher.matches() ? Optional.of(new Presented(matcher.group(1), matcher.group(2))) : Optional.empty();
    }

    /** The family's admin, without changing anything. */
    OptionalLong adminOf(String family) {
        String value = redis.opsForValue().get(key(family));
        return value == null ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(value.substring(0, value.indexOf(':'))));
    }

    Rotated rotate(Presented presented, Duration ttl) {
        String secret = randomPart(32);
        List<?> result = redis.execute(ROTATE, List.of(key(presented.family())), sha256(presented.secret()),
                sha256(secret), Long.toString(ttl.toMillis()));
        Outcome outcome = switch (((Number) result.get(0)).intValue()) {
            case 1 -> Outcome.ROTATED;
            case 2 -> Outcome.REUSED;
            case 0 -> Outcome.UNKNOWN;
            default -> throw new IllegalStateException("refresh_rotate.lua returned " + result.get(0));
        };
        String admin = String.valueOf(result.get(1));
        if (outcome == Outcome.ROTATED) {
            redis.expire(sessionsKey(Long.parseLong(admin)), ttl); // the index lives as long as its newest session
        }
        return new Rotated(outcome, admin.isEmpty() ? 0 : Long.parseLong(admin),
                outcome == Outcome.ROTATED ? presented.family() + "." + secret : null);
    }

    void revoke(String family) {
        redis.delete(key(family));
    }

    private static String key(String family) {
        return "auth:refresh:" + family;
    }

    private static String sessionsKey(long adminId) {
        return "auth:admin-sessions:" + adminId;
    }

    private String randomPart(int bytes) {
        byte[] buffer = new byte[bytes];
        random.nextBytes(buffer);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(buffer);
    }

    private static String sha256(String secret) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @SuppressWarnings("rawtypes")
    private static RedisScript<List> script() {
        DefaultRedisScript<List> script = new DefaultRedisScript<>();
        script.setLocation(new ClassPathResource("lua/admin/refresh_rotate.lua"));
        script.setResultType(List.class);
        return script;
    }
}

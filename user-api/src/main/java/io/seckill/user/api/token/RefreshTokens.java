package io.seckill.user.api.token;

import io.seckill.user.api.redis.LuaScripts;
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
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;

/**
 * Refresh tokens are opaque: {@code <family>.<secret>}, both random. A family is one login session; Redis keeps
 * only {@code auth:refresh:<family>} = {@code <userId>:<sha256(current secret)>} (DESIGN.md §8), never a usable
 * token. Every use rotates the secret ({@code refresh_rotate.lua}, atomic); presenting a secret that is not the
 * current one means a token was stolen or replayed, and the whole family is deleted.
 */
@Component
class RefreshTokens {

    private static final Pattern FORMAT = Pattern.compile("([A-Za-z0-9_-]{22})\\.([A-Za-z0-9_-]{43})");
    @SuppressWarnings("rawtypes")
    private static final RedisScript<List> ROTATE = LuaScripts.list("refresh_rotate");

    private final StringRedisTemplate redis;
    private final SecureRandom random = new SecureRandom();

    RefreshTokens(StringRedisTemplate redis) {
        this.redis = redis;
    }

    record Parsed(String family, String secret) {
        @Override
        public String toString() {
            return "Parsed[family=" + family + "]";
        }
    }

    enum Rotation { ROTATED, REUSED, UNKNOWN }

    record Rotated(Rotation outcome, long userId, String newToken) {
    }

    /** A new family for a fresh login; returns the first refresh token. */
    String start(String family, long userId, Duration ttl) {
        String secret = randomPart(32);
        redis.opsForValue().set(key(family), userId + ":" + sha256(secret), ttl);
        return family + "." + secret;
    }

    String newFamily() {
        return randomPart(16);
    }

    static Optional<Parsed> parse(String token) {
        if (token == null || token.length() > 100) {
            return Optional.empty();
        }
        var matcher = FORMAT.matcher(token);
        return matcher.matches() ? Optional.of(new Parsed(matcher.group(1), matcher.group(2))) : Optional.empty();
    }

    /** The family's user, without changing anything (to check the account before rotating). */
    OptionalLong userOf(String family) {
        String value = redis.opsForValue().get(key(family));
        if (value == null) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(Long.parseLong(value.substring(0, value.indexOf(':'))));
    }

    Rotated rotate(Parsed presented, Duration ttl) {
        String secret = randomPart(32);
        List<?> result = redis.execute(ROTATE, List.of(key(presented.family())), sha256(presented.secret()), sha256(secret),
                Long.toString(ttl.toMillis()));
        Rotation outcome = switch (((Number) result.get(0)).intValue()) {
            case 1 -> Rotation.ROTATED;
            case 2 -> Rotation.REUSED;
            case 0 -> Rotation.UNKNOWN;
            default -> throw new IllegalStateException("refresh_rotate.lua returned " + result.get(0));
        };
        String user = String.valueOf(result.get(1));
        return new Rotated(outcome, user.isEmpty() ? 0 : Long.parseLong(user),
                outcome == Rotation.ROTATED ? presented.family() + "." + secret : null);
    }

    /** @return whether a live family was deleted */
    boolean revoke(String family) {
        return Boolean.TRUE.equals(redis.delete(key(family)));
    }

    private static String key(String family) {
        return "auth:refresh:" + family;
    }

    private String randomPart(int bytes) {
        byte[] buffer = new byte[bytes];
        random.nextBytes(buffer);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(buffer);
    }

    static String sha256(String secret) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

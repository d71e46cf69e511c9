package io.seckill.kernel.redis;

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

/**
 * Opaque rotating refresh tokens {@code <family>.<secret>}, both random (DESIGN.md §8). A family is one session;
 * Redis keeps only {@code auth:refresh:<family>} = {@code <subjectId>:<sha256(current secret)>}, never a usable
 * token. Every use rotates the secret atomically ({@code lua/kernel/refresh_rotate.lua}); a secret that is not the
 * current one means a replayed or stolen token, and the whole family is deleted.
 * <p>
 * The key space is shared by the two issuers; each has its own family length (user-api 16 random bytes = 22
 * characters, admin-back 18 = 24) and accepts only its own, so a refresh token can never be rotated by the other
 * issuer (which would mint a token of the wrong audience for an id of the wrong table).
 */
public final class RefreshFamilyStore {

    /** What a rotation found. */
    public enum Outcome { ROTATED, REUSED, UNKNOWN }

    /** A parsed refresh token; the secret is never printed. */
    public record Presented(String family, String secret) {
        @Override
        public String toString() {
            return "Presented[family=" + family + "]";
        }
    }

    /** The outcome, the family's subject (0 when unknown) and, when rotated, the next refresh token. */
    public record Rotated(Outcome outcome, long subjectId, String newToken) {
    }

    @SuppressWarnings("rawtypes")
    private static final RedisScript<List> ROTATE = script();
    private static final int SECRET_BYTES = 32;

    private final StringRedisTemplate redis;
    private final int familyBytes;
    private final Pattern format;
    private final SecureRandom random = new SecureRandom();

    /** @param familyBytes random bytes of a family id: 16 for customers, 18 for admins (never the same for two issuers) */
    public RefreshFamilyStore(StringRedisTemplate redis, int familyBytes) {
        this.redis = redis;
        this.familyBytes = familyBytes;
        this.format = Pattern.compile("([A-Za-z0-9_-]{" + base64Length(familyBytes) + "})\\.([A-Za-z0-9_-]{"
                + base64Length(SECRET_BYTES) + "})");
    }

    public String newFamily() {
        return randomPart(familyBytes);
    }

    /** Starts a session for {@code family} and returns its first refresh token. */
    public String start(String family, long subjectId, Duration ttl) {
        String secret = randomPart(SECRET_BYTES);
        redis.opsForValue().set(key(family), subjectId + ":" + sha256(secret), ttl);
        return family + "." + secret;
    }

    /** Only tokens of this issuer's shape. */
    public Optional<Presented> parse(String token) {
        if (token == null || token.length() > 100) {
            return Optional.empty();
        }
        var matcher = format.matcher(token);
        return matcher.matches() ? Optional.of(new Presented(matcher.group(1), matcher.group(2))) : Optional.empty();
    }

    /** The family's subject, without changing anything (to check the account before rotating). */
    public OptionalLong subjectOf(String family) {
        String value = redis.opsForValue().get(key(family));
        return value == null ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(value.substring(0, value.indexOf(':'))));
    }

    public Rotated rotate(Presented presented, Duration ttl) {
        String secret = randomPart(SECRET_BYTES);
        List<?> result = redis.execute(ROTATE, List.of(key(presented.family())), sha256(presented.secret()),
                sha256(secret), Long.toString(ttl.toMillis()));
        Outcome outcome = switch (((Number) result.get(0)).intValue()) {
            case 1 -> Outcome.ROTATED;
            case 2 -> Outcome.REUSED;
            case 0 -> Outcome.UNKNOWN;
            default -> throw new IllegalStateException("refresh_rotate.lua returned " + result.get(0));
        };
        String subject = String.valueOf(result.get(1));
        return new Rotated(outcome, subject.isEmpty() ? 0 : Long.parseLong(subject),
                outcome == Outcome.ROTATED ? presented.family() + "." + secret : null);
    }

    /** @return whether a live family was deleted */
    public boolean revoke(String family) {
        return Boolean.TRUE.equals(redis.delete(key(family)));
    }

    /** Deletes several families in one call. */
    public void revokeAll(java.util.Collection<String> families) {
        if (!families.isEmpty()) {
            redis.delete(families.stream().map(RefreshFamilyStore::key).toList());
        }
    }

    public static String key(String family) {
        return "auth:refresh:" + family;
    }

    public static String sha256(String secret) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private String randomPart(int bytes) {
        byte[] buffer = new byte[bytes];
        random.nextBytes(buffer);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(buffer);
    }

    private static int base64Length(int bytes) {
        return (bytes * 8 + 5) / 6;
    }

    @SuppressWarnings("rawtypes")
    private static RedisScript<List> script() {
        return LuaScript.load("lua/kernel/refresh_rotate.lua", List.class);
    }
}

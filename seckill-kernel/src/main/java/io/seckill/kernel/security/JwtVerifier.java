package io.seckill.kernel.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.ConfigurableJWTProcessor;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;

import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Verifies access tokens locally with the public JWK set: no call to user-api on the hot path (DESIGN.md §3).
 * The algorithm is pinned to ES256 (an {@code alg: none} or HMAC token is refused whatever key it names), the
 * issuer and the audience must match exactly, and {@code sub}, {@code exp}, {@code nbf}, {@code iat} and
 * {@code jti} must be present. Verified tokens are cached until they expire (at most {@code cacheTtl}), so a
 * busy user's repeated calls cost one hash lookup instead of an ECDSA verification. The cache is keyed by the
 * token's SHA-256 ({@link TokenKey}), not by the token: 32 bytes instead of ~420 characters an entry, so a
 * sale's worth of buyers fits (the default size is 300,000), and two tokens share an entry only if SHA-256
 * collides.
 *
 * <p>Revocation (the {@code auth:deny:<jti>} deny-list) is the caller's second step: it needs Redis, which the
 * kernel does not assume.
 */
public final class JwtVerifier {

    public static final String PERMISSIONS_CLAIM = "perms";
    private static final int MAX_CLOCK_SKEW_SECONDS = 30;

    private final Map<Audience, ConfigurableJWTProcessor<SecurityContext>> processors = new EnumMap<>(Audience.class);
    private final Map<Audience, Cache<TokenKey, VerifiedToken>> caches = new EnumMap<>(Audience.class);
    /**
     * Tokens refused recently, with the reason: an expired or forged token replayed in a loop costs a hash lookup,
     * not an ECDSA verification each time (the verification is the most expensive step of a request).
     */
    private final Map<Audience, Cache<TokenKey, String>> rejected = new EnumMap<>(Audience.class);

    public JwtVerifier(JWKSet publicKeys, String issuer, Duration cacheTtl, long cacheSize) {
        if (publicKeys.getKeys().isEmpty()) {
            throw new IllegalArgumentException("the JWK set holds no key");
        }
        if (publicKeys.getKeys().stream().anyMatch(k -> k.isPrivate())) {
            throw new IllegalArgumentException("verifiers get the public keys only");
        }
        for (Audience audience : Audience.values()) {
            processors.put(audience, processor(publicKeys, issuer, audience));
            caches.put(audience, Caffeine.newBuilder()
                    .maximumSize(cacheSize)
                    .expireAfter(untilExpiry(cacheTtl))
                    .build());
            rejected.put(audience, Caffeine.newBuilder()
                    .maximumSize(cacheSize)
                    .expireAfterWrite(Duration.ofSeconds(MAX_CLOCK_SKEW_SECONDS))
                    .build());
        }
    }

    /** @throws InvalidTokenException when the token is not a valid access token for {@code audience} */
    public VerifiedToken verify(String token, Audience audience) {
        if (token == null || token.isBlank() || token.length() > 8192) {
            throw new InvalidTokenException("missing or oversized token");
        }
        Cache<TokenKey, VerifiedToken> cache = caches.get(audience);
        TokenKey key = TokenKey.of(token);
        VerifiedToken cached = cache.getIfPresent(key);
        if (cached != null && cached.expiresAt().isAfter(Instant.now())) {
            return cached;
        }
        String refusedBefore = rejected.get(audience).getIfPresent(key);
        if (refusedBefore != null) {
            throw new InvalidTokenException(refusedBefore);
        }
        try {
            VerifiedToken verified = doVerify(token, audience);
            cache.put(key, verified);
            return verified;
        } catch (InvalidTokenException e) {
            rejected.get(audience).put(key, e.reason());
            throw e;
        }
    }

    /** Reads the token of an {@code Authorization: Bearer …} header value. */
    public VerifiedToken verifyBearer(String authorizationHeader, Audience audience) {
        if (authorizationHeader == null || !authorizationHeader.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw new InvalidTokenException("no bearer token");
        }
        return verify(authorizationHeader.substring(7).trim(), audience);
    }

    private VerifiedToken doVerify(String token, Audience audience) {
        JWTClaimsSet claims;
        try {
            claims = processors.get(audience).process(token, null);
        } catch (ParseException e) {
            throw new InvalidTokenException("unparseable token");
        } catch (BadJOSEException e) {
            throw new InvalidTokenException(e.getMessage());
        } catch (com.nimbusds.jose.JOSEException e) {
            throw new InvalidTokenException("signature check failed: " + e.getMessage());
        }
        return new VerifiedToken(claims.getSubject(), audience, claims.getJWTID(),
                claims.getIssueTime().toInstant(), claims.getExpirationTime().toInstant(), permissions(claims),
                name(claims));
    }

    /** The optional name claim; anything but a short string is ignored (it only labels audit rows). */
    private static String name(JWTClaimsSet claims) {
        return claims.getClaim(VerifiedToken.NAME_CLAIM) instanceof String s && !s.isBlank() && s.length() <= 64 ? s : null;
    }

    private static Set<String> permissions(JWTClaimsSet claims) {
        Object value = claims.getClaim(PERMISSIONS_CLAIM);
        if (value == null) {
            return Set.of();
        }
        if (value instanceof Collection<?> list) {
            Set<String> perms = new HashSet<>();
            for (Object p : list) {
                if (p instanceof String s) {
                    perms.add(s);
                } else {
                    throw new InvalidTokenException("perms holds a non-string");
                }
            }
            return perms;
        }
        throw new InvalidTokenException("perms is not a list");
    }

    private static ConfigurableJWTProcessor<SecurityContext> processor(JWKSet keys, String issuer, Audience audience) {
        DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(JwtKeys.ALGORITHM, new ImmutableJWKSet<>(keys)));
        DefaultJWTClaimsVerifier<SecurityContext> claims = new DefaultJWTClaimsVerifier<>(
                // Mutable sets: nimbus asks them contains(null), which Set.of answers with an NPE.
                new HashSet<>(Set.of(audience.value())),
                new JWTClaimsSet.Builder().issuer(issuer).build(),
                new HashSet<>(Set.of("sub", "exp", "nbf", "iat", "jti")),
                null);
        claims.setMaxClockSkew(MAX_CLOCK_SKEW_SECONDS);
        processor.setJWTClaimsSetVerifier(claims);
        return processor;
    }

    private static Expiry<TokenKey, VerifiedToken> untilExpiry(Duration cacheTtl) {
        return new Expiry<>() {
            @Override
            public long expireAfterCreate(TokenKey key, VerifiedToken value, long currentTime) {
                Duration left = Duration.between(Instant.now(), value.expiresAt());
                Duration ttl = left.compareTo(cacheTtl) < 0 ? left : cacheTtl;
                return Math.max(0, ttl.toNanos());
            }

            @Override
            public long expireAfterUpdate(TokenKey key, VerifiedToken value, long currentTime, long currentDuration) {
                return expireAfterCreate(key, value, currentTime);
            }

            @Override
            public long expireAfterRead(TokenKey key, VerifiedToken value, long currentTime, long currentDuration) {
                return currentDuration;
            }
        };
    }
}

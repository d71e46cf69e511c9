package io.seckill.kernel.security;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.UUID;

/**
 * Signs access tokens that {@link JwtVerifier} accepts: ES256 with the private key, {@code iss}, {@code aud},
 * {@code sub}, {@code iat}, {@code nbf}, {@code exp} and a random {@code jti}. Only the token issuers (user-api
 * for customers, admin-back for admins) have the private key; refresh tokens are opaque and not made here.
 */
public final class JwtIssuer {

    private final ECKey signingKey;
    private final ECDSASigner signer;
    private final String issuer;
    private final Clock clock;

    public JwtIssuer(ECKey signingKey, String issuer, Clock clock) {
        if (!signingKey.isPrivate()) {
            throw new IllegalArgumentException("the signing key must hold its private part");
        }
        try {
            this.signer = new ECDSASigner(signingKey);
        } catch (JOSEException e) {
            throw new IllegalArgumentException("not an EC P-256 signing key", e);
        }
        this.signingKey = signingKey;
        this.issuer = issuer;
        this.clock = clock;
    }

    /** A signed token, its id (for the deny-list at logout) and its expiry. */
    public record Issued(String token, String tokenId, Instant expiresAt) {
    }

    /** @param claims extra claims, e.g. {@code perms} for admin tokens; the registered claims cannot be overridden */
    public Issued issue(String subject, Audience audience, Duration ttl, Map<String, Object> claims) {
        Instant now = clock.instant();
        Instant expires = now.plus(ttl);
        String tokenId = UUID.randomUUID().toString();
        JWTClaimsSet.Builder builder = new JWTClaimsSet.Builder();
        claims.forEach(builder::claim);
        builder.issuer(issuer).audience(audience.value()).subject(subject)
                .issueTime(Date.from(now)).notBeforeTime(Date.from(now)).expirationTime(Date.from(expires))
                .jwtID(tokenId);
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JwtKeys.ALGORITHM).keyID(signingKey.getKeyID())
                .type(JOSEObjectType.JWT).build(), builder.build());
        try {
            jwt.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException("signing failed", e);
        }
        return new Issued(jwt.serialize(), tokenId, expires);
    }
}

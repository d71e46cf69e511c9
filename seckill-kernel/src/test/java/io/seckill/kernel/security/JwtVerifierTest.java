package io.seckill.kernel.security;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JwtVerifierTest {

    private static final String ISSUER = "seckill";

    @TempDir
    Path keysDir;

    private final ECKey key = newKey("k1");
    private final JwtVerifier verifier = new JwtVerifier(new JWKSet(key.toPublicJWK()), ISSUER, Duration.ofMinutes(5), 1000);

    @Test
    void acceptsAValidCustomerToken() {
        String token = sign(key, claims("1001", Audience.CUSTOMER).build());
        VerifiedToken verified = verifier.verify(token, Audience.CUSTOMER);
        assertThat(verified.subject()).isEqualTo("1001");
        assertThat(verified.subjectId()).isEqualTo(1001L);
        assertThat(verified.audience()).isEqualTo(Audience.CUSTOMER);
        assertThat(verified.permissions()).isEmpty();
        assertThat(verifier.verifyBearer("Bearer " + token, Audience.CUSTOMER)).isEqualTo(verified);
    }

    @Test
    void readsAdminPermissionsAndEnforcesThem() {
        String token = sign(key, claims("7", Audience.ADMIN).claim("perms", List.of("order:read", "tx:read")).build());
        VerifiedToken admin = verifier.verify(token, Audience.ADMIN);
        assertThat(admin.permissions()).containsExactlyInAnyOrder("order:read", "tx:read");
        admin.requirePermission("order:read");
        assertThatThrownBy(() -> admin.requirePermission("tx:rollback"))
                .hasMessageContaining("tx:rollback")
                .satisfies(e -> assertThat(((io.seckill.kernel.error.ApiException) e).problem().status().value()).isEqualTo(403));
    }

    @Test
    void readsTheOptionalNameClaimAndIgnoresOneThatIsNotAShortString() {
        VerifiedToken named = verifier.verify(sign(key, claims("7", Audience.ADMIN)
                .claim(VerifiedToken.NAME_CLAIM, "ops-lead").build()), Audience.ADMIN);
        VerifiedToken odd = verifier.verify(sign(key, claims("8", Audience.ADMIN)
                .claim(VerifiedToken.NAME_CLAIM, List.of("x")).build()), Audience.ADMIN);
        VerifiedToken unnamed = verifier.verify(sign(key, claims("9", Audience.ADMIN).build()), Audience.ADMIN);

        assertThat(named.name()).isEqualTo("ops-lead");
        assertThat(odd.name()).isNull();
        assertThat(unnamed.name()).isNull();
    }

    @Test
    void aTokenIsAcceptedOnlyByItsAudience() {
        String customer = sign(key, claims("1", Audience.CUSTOMER).build());
        String admin = sign(key, claims("1", Audience.ADMIN).build());
        assertInvalid(customer, Audience.ADMIN);
        assertInvalid(admin, Audience.CUSTOMER);
    }

    @Test
    void refusesExpiredNotYetValidAndForeignIssuerTokens() {
        Instant now = Instant.now();
        assertInvalid(sign(key, claims("1", Audience.CUSTOMER)
                .issueTime(Date.from(now.minusSeconds(1000)))
                .notBeforeTime(Date.from(now.minusSeconds(1000)))
                .expirationTime(Date.from(now.minusSeconds(120))).build()), Audience.CUSTOMER);
        assertInvalid(sign(key, claims("1", Audience.CUSTOMER)
                .notBeforeTime(Date.from(now.plusSeconds(300))).build()), Audience.CUSTOMER);
        assertInvalid(sign(key, claims("1", Audience.CUSTOMER).issuer("someone-else").build()), Audience.CUSTOMER);
    }

    @Test
    void refusesTokensMissingARequiredClaim() {
        assertInvalid(sign(key, without(claims("1", Audience.CUSTOMER), b -> b.jwtID(null))), Audience.CUSTOMER);
        assertInvalid(sign(key, without(claims("1", Audience.CUSTOMER), b -> b.subject(null))), Audience.CUSTOMER);
        assertInvalid(sign(key, without(claims("1", Audience.CUSTOMER), b -> b.notBeforeTime(null))), Audience.CUSTOMER);
    }

    @Test
    void refusesAnotherKeyANoneTokenAnHmacTokenAndATamperedOne() throws Exception {
        JWTClaimsSet claims = claims("1", Audience.CUSTOMER).build();
        // Same key id, different key: a forger who guessed the kid.
        assertInvalid(sign(newKey("k1"), claims), Audience.CUSTOMER);

        assertInvalid(new PlainJWT(claims).serialize(), Audience.CUSTOMER);

        SignedJWT hmac = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID("k1").build(), claims);
        hmac.sign(new MACSigner(new byte[32]));
        assertInvalid(hmac.serialize(), Audience.CUSTOMER);

        String[] parts = sign(key, claims).split("\\.");
        String forgedPayload = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
                claims("2", Audience.CUSTOMER).build().toString().getBytes());
        assertInvalid(parts[0] + "." + forgedPayload + "." + parts[2], Audience.CUSTOMER);

        assertInvalid("not-a-token", Audience.CUSTOMER);
        assertInvalid("", Audience.CUSTOMER);
        assertThatThrownBy(() -> verifier.verifyBearer("Basic abc", Audience.CUSTOMER)).isInstanceOf(InvalidTokenException.class);
        assertThatThrownBy(() -> verifier.verifyBearer(null, Audience.CUSTOMER)).isInstanceOf(InvalidTokenException.class);
    }

    @Test
    void theCacheIsKeyedByTheWholeTokenThroughItsDigest() {
        String token = sign(key, claims("7", Audience.CUSTOMER).build());
        VerifiedToken first = verifier.verify(token, Audience.CUSTOMER);
        assertThat(verifier.verify(new String(token.toCharArray()), Audience.CUSTOMER)).as("answered from the cache").isSameAs(first);
        // Another payload under the cached token's signature, or one character changed anywhere: not the cached entry.
        String[] parts = token.split("\\.");
        String otherPayload = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
                claims("8", Audience.CUSTOMER).build().toString().getBytes());
        assertInvalid(parts[0] + "." + otherPayload + "." + parts[2], Audience.CUSTOMER);
        // Inside the signature, not its last character: that one carries padding bits a decoder may ignore.
        int at = token.length() - 10;
        char c = token.charAt(at);
        assertInvalid(token.substring(0, at) + (c == 'A' ? 'B' : 'A') + token.substring(at + 1), Audience.CUSTOMER);
        assertThat(TokenKey.of(token)).isEqualTo(TokenKey.of(new String(token.toCharArray())))
                .isNotEqualTo(TokenKey.of(token + "x"));
    }

    @Test
    void aRefusedTokenStaysRefusedAndKeepsItsReason() {
        String forged = sign(newKey("k1"), claims("1", Audience.CUSTOMER).build());
        InvalidTokenException first = org.junit.jupiter.api.Assertions.assertThrows(InvalidTokenException.class,
                () -> verifier.verify(forged, Audience.CUSTOMER));
        InvalidTokenException again = org.junit.jupiter.api.Assertions.assertThrows(InvalidTokenException.class,
                () -> verifier.verify(forged, Audience.CUSTOMER));
        assertThat(again.reason()).isEqualTo(first.reason());
        // A refusal for one audience says nothing about the other.
        String admin = sign(key, claims("1", Audience.ADMIN).build());
        assertInvalid(admin, Audience.CUSTOMER);
        assertThat(verifier.verify(admin, Audience.ADMIN).subject()).isEqualTo("1");
    }

    @Test
    void aVerifierNeverHoldsAPrivateKey() {
        assertThatThrownBy(() -> new JwtVerifier(new JWKSet(key), ISSUER, Duration.ofMinutes(1), 10))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void keysAreGeneratedOnceWithAPrivateFileAndAPublicSet() throws Exception {
        ECKey first = JwtKeys.ensure(keysDir);
        ECKey second = JwtKeys.ensure(keysDir);
        assertThat(second.getKeyID()).isEqualTo(first.getKeyID());
        assertThat(second.toJSONString()).isEqualTo(first.toJSONString());

        Path signing = keysDir.resolve(JwtKeys.SIGNING_KEY_FILE);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(signing))).isEqualTo("rw-------");
        String jwks = Files.readString(keysDir.resolve(JwtKeys.PUBLIC_KEYS_FILE));
        assertThat(jwks).contains(first.getKeyID()).doesNotContain("\"d\"");

        JwtVerifier fromFiles = new JwtVerifier(JWKSet.parse(jwks), ISSUER, Duration.ofMinutes(1), 10);
        assertThat(fromFiles.verify(sign(first, claims("5", Audience.CUSTOMER).build()), Audience.CUSTOMER).subject())
                .isEqualTo("5");
    }

    @Test
    void theIssuerMintsWhatTheVerifierAcceptsAndNothingElse() {
        JwtIssuer issuer = new JwtIssuer(key, ISSUER, java.time.Clock.systemUTC());
        JwtIssuer.Issued admin = issuer.issue("9", Audience.ADMIN, Duration.ofMinutes(15),
                java.util.Map.of("perms", List.of("tx:read"), "sub", "spoofed"));
        VerifiedToken verified = verifier.verify(admin.token(), Audience.ADMIN);
        assertThat(verified.subject()).isEqualTo("9");
        assertThat(verified.tokenId()).isEqualTo(admin.tokenId());
        assertThat(verified.permissions()).containsExactly("tx:read");
        assertThat(verified.expiresAt()).isEqualTo(admin.expiresAt().truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
        assertInvalid(admin.token(), Audience.CUSTOMER);
        assertInvalid(new JwtIssuer(newKey("k1"), ISSUER, java.time.Clock.systemUTC())
                .issue("9", Audience.ADMIN, Duration.ofMinutes(1), java.util.Map.of()).token(), Audience.ADMIN);
        assertThatThrownBy(() -> new JwtIssuer(key.toPublicJWK(), ISSUER, java.time.Clock.systemUTC()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private void assertInvalid(String token, Audience audience) {
        assertThatThrownBy(() -> verifier.verify(token, audience))
                .isInstanceOf(InvalidTokenException.class)
                .hasMessage("A valid access token is required");
    }

    private static JWTClaimsSet.Builder claims(String subject, Audience audience) {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder()
                .issuer(ISSUER)
                .audience(audience.value())
                .subject(subject)
                .issueTime(Date.from(now))
                .notBeforeTime(Date.from(now))
                .expirationTime(Date.from(now.plusSeconds(900)))
                .jwtID(UUID.randomUUID().toString());
    }

    private static JWTClaimsSet without(JWTClaimsSet.Builder builder, UnaryOperator<JWTClaimsSet.Builder> change) {
        return change.apply(builder).build();
    }

    private static String sign(ECKey key, JWTClaimsSet claims) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(key.getKeyID())
                    .type(JOSEObjectType.JWT).build(), claims);
            jwt.sign(new ECDSASigner(key));
            return jwt.serialize();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static ECKey newKey(String kid) {
        try {
            return new ECKeyGenerator(Curve.P_256).keyID(kid).generate();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}

package io.seckill.user.api.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import io.seckill.kernel.security.JwtKeys;
import io.seckill.user.api.UserApiIntegrationTest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Forged and out-of-window tokens against {@code GET /api/users/me}: every one is a 401 problem with the same
 * detail, while the genuine token of the same user works.
 */
class TokenForgeryIntegrationTest extends UserApiIntegrationTest {

    /** The key TestTokens generated for this module's test contexts (the one user-api signs with). */
    private static final ECKey SIGNING_KEY = JwtKeys.readSigningKey(Path.of("target", "test-keys", JwtKeys.SIGNING_KEY_FILE));

    private String userId;
    private String genuine;

    @BeforeEach
    void logIn() {
        String mobile = randomMobile();
        createUser(mobile);
        Answer login = post("/api/auth/login", Map.of("mobile", mobile, "password", PASSWORD));
        genuine = login.text("accessToken");
        Answer me = get("/api/users/me", bearer(genuine));
        assertThat(me.status()).isEqualTo(200);
        userId = me.text("id");
    }

    @Test
    void refusesAnUnsignedAlgNoneToken() {
        assertRefused(new PlainJWT(claims(c -> c)).serialize());
    }

    @Test
    void refusesAnHs256TokenSignedWithThePublicKeyAsTheSecret() throws Exception {
        byte[] publicKeyAsSecret = JwtKeys.publicJwks(SIGNING_KEY).getBytes(StandardCharsets.UTF_8);
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(SIGNING_KEY.getKeyID()).build(),
                claims(c -> c));
        jwt.sign(new MACSigner(publicKeyAsSecret));
        assertRefused(jwt.serialize());
    }

    @Test
    void refusesExpiredAndNotYetValidTokens() throws Exception {
        Instant now = Instant.now();
        assertRefused(signed(c -> c.issueTime(Date.from(now.minusSeconds(7200))).notBeforeTime(Date.from(now.minusSeconds(7200)))
                .expirationTime(Date.from(now.minusSeconds(3600)))));
        assertRefused(signed(c -> c.notBeforeTime(Date.from(now.plusSeconds(3600)))));
    }

    @Test
    void refusesTheWrongAudienceAndTheWrongIssuer() throws Exception {
        assertRefused(signed(c -> c.audience("seckill-admin")));
        assertRefused(signed(c -> c.issuer("not-seckill")));
    }

    @Test
    void refusesATamperedPayloadAndAnotherKeysSignature() throws Exception {
        String[] parts = genuine.split("\\.");
        Map<String, Object> payload = new LinkedHashMap<>(SignedJWT.parse(genuine).getJWTClaimsSet().toJSONObject());
        payload.put("sub", "1");
        String tampered = parts[0] + "." + Base64URL.encode(JSON.writeValueAsString(payload)) + "." + parts[2];
        assertRefused(tampered);

        ECKey other = new ECKeyGenerator(Curve.P_256).keyID(SIGNING_KEY.getKeyID()).generate();
        SignedJWT jwt = new SignedJWT(header(), claims(c -> c));
        jwt.sign(new ECDSASigner(other));
        assertRefused(jwt.serialize());
    }

    @Test
    void acceptsAProperlySignedTokenBuiltTheSameWay() throws Exception {
        // The control: the forgeries above differ from this one only in what they test.
        assertThat(get("/api/users/me", bearer(signed(c -> c))).status()).isEqualTo(200);
    }

    // ---------------------------------------------------------------------------------------------------------

    private void assertRefused(String token) {
        Answer answer = get("/api/users/me", bearer(token));
        assertThat(answer.status()).isEqualTo(401);
        assertThat(answer.contentType()).startsWith("application/problem+json");
        assertThat(answer.text("code")).isEqualTo("UNAUTHENTICATED");
        assertThat(answer.text("detail")).isEqualTo("A valid access token is required");
    }

    private String signed(UnaryOperator<JWTClaimsSet.Builder> change) throws Exception {
        SignedJWT jwt = new SignedJWT(header(), claims(change));
        jwt.sign(new ECDSASigner(SIGNING_KEY));
        return jwt.serialize();
    }

    private static JWSHeader header() {
        return new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(SIGNING_KEY.getKeyID()).type(JOSEObjectType.JWT).build();
    }

    private JWTClaimsSet claims(UnaryOperator<JWTClaimsSet.Builder> change) {
        Instant now = Instant.now();
        return change.apply(new JWTClaimsSet.Builder().issuer("seckill").audience("seckill-customer").subject(userId)
                .issueTime(Date.from(now)).notBeforeTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(900)))
                .jwtID(UUID.randomUUID().toString())).build();
    }
}

package io.seckill.infra.embedded;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.seckill.kernel.security.JwtKeys;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.UUID;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Test-only token keys, generated under the module's {@code target/} on first use (never committed), and tokens
 * minted with them the way the issuers mint them. A module opts in by listing this class as an
 * {@code EnvironmentPostProcessor} in its {@code src/test/resources/META-INF/spring.factories}: every test
 * context of that module then verifies (and may issue) with these keys.
 */
public final class TestTokens implements EnvironmentPostProcessor {

    private static final Path DIR = Path.of("target", "test-keys").toAbsolutePath();
    private static final ECKey KEY = JwtKeys.ensure(DIR);

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        environment.getPropertySources().addLast(new MapPropertySource("seckillTestKeys", Map.of(
                "seckill.jwt.public-key-location", "file:" + DIR.resolve(JwtKeys.PUBLIC_KEYS_FILE),
                "seckill.jwt.signing-key-location", "file:" + DIR.resolve(JwtKeys.SIGNING_KEY_FILE))));
    }

    public static String customerToken(long userId) {
        return token(userId, "seckill-customer", KEY);
    }

    /** The {@code jti} of a token, e.g. to put it on the deny-list as a logout does. */
    public static String tokenId(String token) {
        try {
            return SignedJWT.parse(token).getJWTClaimsSet().getJWTID();
        } catch (java.text.ParseException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** An admin token carrying exactly {@code permissions} in its {@code perms} claim. */
    public static String adminToken(long adminId, String... permissions) {
        return token(adminId, "seckill-admin", KEY, permissions);
    }

    static String token(long subject, String audience, ECKey key, String... permissions) {
        Instant now = Instant.now();
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(key.getKeyID())
                    .type(JOSEObjectType.JWT).build(),
                    new JWTClaimsSet.Builder().issuer("seckill").audience(audience).subject(Long.toString(subject))
                            .issueTime(Date.from(now)).notBeforeTime(Date.from(now))
                            .expirationTime(Date.from(now.plusSeconds(900))).jwtID(UUID.randomUUID().toString())
                            .claim("perms", java.util.List.of(permissions))
                            .build());
            jwt.sign(new ECDSASigner(key));
            return jwt.serialize();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}

package io.seckill.seckillapi.support;

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
 * Test-only token keys, generated under {@code target/} on first use (never committed), and customer tokens
 * minted with them the way user-api mints them. Registered in {@code META-INF/spring.factories} of the test
 * classpath, so every test context of this module verifies with these keys.
 */
public final class TestKeys implements EnvironmentPostProcessor {

    private static final Path DIR = Path.of("target", "test-keys").toAbsolutePath();
    private static final ECKey KEY = JwtKeys.ensure(DIR);

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        environment.getPropertySources().addLast(new MapPropertySource("seckillTestKeys", Map.of(
                "seckill.jwt.public-key-location", "file:" + DIR.resolve(JwtKeys.PUBLIC_KEYS_FILE))));
    }

    public static String customerToken(long userId) {
        return token(userId, "seckill-customer", KEY);
    }

    public static String adminToken(long adminId) {
        return token(adminId, "seckill-admin", KEY);
    }

    static String token(long subject, String audience, ECKey key) {
        Instant now = Instant.now();
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(key.getKeyID())
                    .type(JOSEObjectType.JWT).build(),
                    new JWTClaimsSet.Builder().issuer("seckill").audience(audience).subject(Long.toString(subject))
                            .issueTime(Date.from(now)).notBeforeTime(Date.from(now))
                            .expirationTime(Date.from(now.plusSeconds(900))).jwtID(UUID.randomUUID().toString())
                            .build());
            jwt.sign(new ECDSASigner(key));
            return jwt.serialize();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}

package io.seckill.bench;

import io.seckill.kernel.security.Audience;
import io.seckill.kernel.security.JwtIssuer;
import io.seckill.kernel.security.JwtKeys;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * Customer access tokens minted locally with the dev stack's signing key, exactly as user-api mints them (kernel
 * {@link JwtIssuer}, issuer {@code seckill}, customer audience), with a lifetime that covers the whole run.
 */
final class TokenMinter {

    static final String ISSUER = "seckill";

    private TokenMinter() {
    }

    static String[] mint(Path signingKey, int users, Duration ttl) {
        if (!Files.exists(signingKey)) {
            throw new BenchFailure("no dev signing key at " + signingKey + " (is this the dev stack's state folder?)");
        }
        JwtIssuer issuer = new JwtIssuer(JwtKeys.readSigningKey(signingKey), ISSUER, Clock.systemUTC());
        String[] tokens = new String[users];
        // One ECDSA signature each (~50 µs): both cores share the work.
        IntStream.range(0, users).parallel().forEach(i -> tokens[i] = issuer
                .issue(Long.toString(UserSeeder.userId(i)), Audience.CUSTOMER, ttl, Map.of()).token());
        return tokens;
    }
}

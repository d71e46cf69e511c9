package io.seckill.kernel.boot;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.core.io.Resource;

import java.time.Duration;

/**
 * {@code seckill.*} settings the kernel reads.
 *
 * @param id        id generator settings
 * @param jwt       token verification settings
 * @param parentPid when set, the service exits as soon as this process does (the dev stack launcher), so a
 *                  killed launcher never leaves orphan services behind
 */
@ConfigurationProperties("seckill")
public record KernelProperties(Id id, Jwt jwt, Long parentPid) {

    public KernelProperties {
        id = id == null ? new Id(null) : id;
        jwt = jwt == null ? new Jwt(null, null, null, null, null) : jwt;
    }

    /** @param node this instance's node number 0..1023; must differ between running instances of a service */
    public record Id(Integer node) {
    }

    /**
     * @param publicKeyLocation  the public JWK set (file, classpath: or http: resource); no verifier without it
     * @param signingKeyLocation the private signing JWK ({@link io.seckill.kernel.security.JwtKeys}); set only on
     *                           the token issuers, which then get a {@link io.seckill.kernel.security.JwtIssuer}
     * @param issuer            the expected {@code iss}
     * @param cacheTtl          how long a verified token is remembered at most
     * @param cacheSize         how many verified tokens are remembered
     */
    public record Jwt(Resource publicKeyLocation, Resource signingKeyLocation, String issuer, Duration cacheTtl, Long cacheSize) {
        public Jwt {
            issuer = issuer == null ? "seckill" : issuer;
            cacheTtl = cacheTtl == null ? Duration.ofMinutes(5) : cacheTtl;
            cacheSize = cacheSize == null ? 300_000L : cacheSize;
        }
    }
}

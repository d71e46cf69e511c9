package io.seckill.kernel.boot;

import com.nimbusds.jose.jwk.JWKSet;
import io.seckill.kernel.error.ProblemErrorController;
import io.seckill.kernel.error.ProblemExceptionHandler;
import io.seckill.kernel.id.IdGenerator;
import io.seckill.kernel.security.JwtIssuer;
import io.seckill.kernel.security.JwtVerifier;
import com.nimbusds.jose.jwk.ECKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Clock;

/**
 * What every service gets from the kernel: a UTC {@link Clock}, the {@link IdGenerator}, the problem+json
 * handler and error page, the JWT verifier (when a public key is configured), and the parent-process watchdog.
 * Ordered before Boot's error MVC configuration so that our {@code /error} controller replaces Boot's.
 */
@AutoConfiguration(beforeName = "org.springframework.boot.webmvc.autoconfigure.error.ErrorMvcAutoConfiguration")
@EnableConfigurationProperties(KernelProperties.class)
public class KernelAutoConfiguration {

    private static final Logger log = LoggerFactory.getLogger(KernelAutoConfiguration.class);

    @Bean
    @ConditionalOnMissingBean
    public Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    @ConditionalOnMissingBean
    public IdGenerator idGenerator(KernelProperties properties, Clock clock) {
        Integer node = properties.id().node();
        if (node == null) {
            // Unique on one host (pids differ); two hosts may collide, so production sets seckill.id.node.
            node = (int) (ProcessHandle.current().pid() % (IdGenerator.MAX_NODE + 1));
            log.info("seckill.id.node not set; using {} from the process id (set it explicitly when running several hosts)", node);
        }
        return new IdGenerator(node, clock);
    }

    @Bean
    @ConditionalOnProperty(prefix = "seckill", name = "parent-pid")
    ParentProcessWatchdog parentProcessWatchdog(KernelProperties properties, ConfigurableApplicationContext context) {
        return new ParentProcessWatchdog(properties.parentPid(), context);
    }

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnProperty(prefix = "seckill.jwt", name = "public-key-location")
    public JwtVerifier jwtVerifier(KernelProperties properties) {
        KernelProperties.Jwt jwt = properties.jwt();
        try (InputStream in = jwt.publicKeyLocation().getInputStream()) {
            JWKSet keys = JWKSet.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            return new JwtVerifier(keys, jwt.issuer(), jwt.cacheTtl(), jwt.cacheSize());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the JWT public keys from " + jwt.publicKeyLocation(), e);
        } catch (ParseException e) {
            throw new IllegalStateException(jwt.publicKeyLocation() + " is not a JWK set", e);
        }
    }

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnProperty(prefix = "seckill.jwt", name = "signing-key-location")
    public JwtIssuer jwtIssuer(KernelProperties properties, Clock clock) {
        KernelProperties.Jwt jwt = properties.jwt();
        try (InputStream in = jwt.signingKeyLocation().getInputStream()) {
            return new JwtIssuer(ECKey.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8)), jwt.issuer(), clock);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the JWT signing key from " + jwt.signingKeyLocation(), e);
        } catch (ParseException e) {
            throw new IllegalStateException(jwt.signingKeyLocation() + " is not an EC JWK", e);
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    static class WebConfiguration {

        @Bean
        @ConditionalOnMissingBean
        ProblemExceptionHandler problemExceptionHandler() {
            return new ProblemExceptionHandler();
        }

        @Bean
        @ConditionalOnMissingBean(org.springframework.boot.webmvc.error.ErrorController.class)
        ProblemErrorController problemErrorController() {
            return new ProblemErrorController();
        }
    }
}

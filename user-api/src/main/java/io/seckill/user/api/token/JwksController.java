package io.seckill.user.api.token;

import com.nimbusds.jose.jwk.ECKey;
import io.seckill.kernel.boot.KernelProperties;
import io.seckill.kernel.security.JwtKeys;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Duration;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The public half of the signing key as a JWK set (RFC 7517), for anyone verifying customer tokens. Derived from
 * the signing key itself, so it always matches what is signed; the private parts are stripped.
 */
@RestController
class JwksController {

    private final String jwks;

    JwksController(KernelProperties kernel) {
        var location = kernel.jwt().signingKeyLocation();
        if (location == null) {
            throw new IllegalStateException("user-api signs tokens: set seckill.jwt.signing-key-location "
                    + "(env SECKILL_JWT_SIGNINGKEYLOCATION)");
        }
        try (InputStream in = location.getInputStream()) {
            this.jwks = JwtKeys.publicJwks(ECKey.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + location, e);
        } catch (ParseException e) {
            throw new IllegalStateException(location + " is not an EC JWK", e);
        }
    }

    @GetMapping(value = "/api/auth/.well-known/jwks.json", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<String> jwks() {
        return ResponseEntity.ok().cacheControl(CacheControl.maxAge(Duration.ofMinutes(5)).cachePublic()).body(jwks);
    }
}

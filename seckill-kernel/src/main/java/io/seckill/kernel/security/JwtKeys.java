package io.seckill.kernel.security;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.text.ParseException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * The token signing key pair as files: {@code jwt-signing.jwk} (the private EC P-256 key as a JWK, mode 600,
 * read only by the issuers) and {@code jwks.json} (the public JWK set every service verifies with, and the one
 * published at {@code /api/auth/.well-known/jwks.json}). Dev generates them on first run; production mounts them
 * as secrets. Never committed.
 */
public final class JwtKeys {

    public static final String SIGNING_KEY_FILE = "jwt-signing.jwk";
    public static final String PUBLIC_KEYS_FILE = "jwks.json";
    public static final JWSAlgorithm ALGORITHM = JWSAlgorithm.ES256;

    private JwtKeys() {
    }

    /** Creates the key pair in {@code directory} unless it is already there; returns the signing key. */
    public static ECKey ensure(Path directory) {
        Path signing = directory.resolve(SIGNING_KEY_FILE);
        if (Files.exists(signing)) {
            ECKey key = readSigningKey(signing);
            writePublic(directory.resolve(PUBLIC_KEYS_FILE), key);
            return key;
        }
        try {
            Files.createDirectories(directory);
            ECKey key = new ECKeyGenerator(Curve.P_256)
                    .keyUse(KeyUse.SIGNATURE)
                    .algorithm(ALGORITHM)
                    .keyID("dev-" + DateTimeFormatter.ofPattern("yyyyMMddHHmmss").withZone(ZoneOffset.UTC).format(Instant.now()))
                    .generate();
            Path tmp = directory.resolve(SIGNING_KEY_FILE + ".tmp");
            Files.deleteIfExists(tmp);
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(tmp, key.toJSONString(), StandardCharsets.UTF_8);
            Files.move(tmp, signing, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            writePublic(directory.resolve(PUBLIC_KEYS_FILE), key);
            return key;
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot generate an EC P-256 key", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the token keys under " + directory, e);
        }
    }

    public static ECKey readSigningKey(Path file) {
        try {
            ECKey key = ECKey.parse(Files.readString(file, StandardCharsets.UTF_8));
            if (!key.isPrivate()) {
                throw new IllegalStateException(file + " holds no private key");
            }
            return key;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        } catch (ParseException e) {
            throw new IllegalStateException(file + " is not an EC JWK", e);
        }
    }

    /** The public JWK set as JSON: private parts are stripped by {@link JWKSet#toString()} (public only). */
    public static String publicJwks(ECKey key) {
        return new JWKSet(key.toPublicJWK()).toString(true);
    }

    private static void writePublic(Path file, ECKey key) {
        try {
            Files.writeString(file, publicJwks(key), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}

package io.seckill.devstack;

import io.seckill.kernel.security.JwtKeys;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;

/**
 * The dev stack's secrets, generated on the first {@code up} under {@code .seckill/keys/} (never committed) and
 * kept across runs so that issued tokens stay valid after a restart:
 * <ul>
 *   <li>the token keys: every service gets the public JWK set; the private key location is passed too, but only
 *       the token issuers (user-api, admin-back) read it. Production mounts the private key into those two only;</li>
 *   <li>the internal secret shared by order-service and order-compensation for the internal compensation
 *       endpoint (without it that endpoint stays closed and every compensation would end in the archive).</li>
 * </ul>
 */
record DevKeys(Path directory, String internalSecret) {

    static final String INTERNAL_SECRET_FILE = "internal-secret";

    static DevKeys ensure(Path stateDir) {
        Path directory = stateDir.resolve("keys").toAbsolutePath();
        JwtKeys.ensure(directory);
        return new DevKeys(directory, internalSecret(directory.resolve(INTERNAL_SECRET_FILE)));
    }

    Map<String, String> environment() {
        return Map.of(
                "SECKILL_JWT_PUBLICKEYLOCATION", "file:" + directory.resolve(JwtKeys.PUBLIC_KEYS_FILE),
                "SECKILL_JWT_SIGNINGKEYLOCATION", "file:" + directory.resolve(JwtKeys.SIGNING_KEY_FILE),
                "SECKILL_INTERNAL_SECRET", internalSecret);
    }

    private static String internalSecret(Path file) {
        try {
            if (Files.exists(file)) {
                String secret = Files.readString(file, StandardCharsets.US_ASCII).strip();
                if (!secret.isEmpty()) {
                    return secret;
                }
            }
            byte[] random = new byte[32];
            new SecureRandom().nextBytes(random);
            String secret = HexFormat.of().formatHex(random);
            Files.writeString(file, secret, StandardCharsets.US_ASCII);
            try {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException ignored) {
                // not a POSIX file system: the folder is the developer's own anyway
            }
            return secret;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or write " + file, e);
        }
    }
}

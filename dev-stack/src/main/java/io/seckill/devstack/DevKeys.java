package io.seckill.devstack;

import io.seckill.kernel.security.JwtKeys;

import java.nio.file.Path;
import java.util.Map;

/**
 * The dev stack's token keys: generated on the first {@code up} under {@code .seckill/keys/} (never committed),
 * kept across runs so that issued tokens stay valid after a restart. Every service gets the public JWK set; the
 * private key location is passed too, but only the token issuers (user-api, admin-back) read it. Production
 * mounts the private key into those two services only.
 */
record DevKeys(Path directory) {

    static DevKeys ensure(Path stateDir) {
        Path directory = stateDir.resolve("keys").toAbsolutePath();
        JwtKeys.ensure(directory);
        return new DevKeys(directory);
    }

    Map<String, String> environment() {
        return Map.of(
                "SECKILL_JWT_PUBLICKEYLOCATION", "file:" + directory.resolve(JwtKeys.PUBLIC_KEYS_FILE),
                "SECKILL_JWT_SIGNINGKEYLOCATION", "file:" + directory.resolve(JwtKeys.SIGNING_KEY_FILE));
    }
}

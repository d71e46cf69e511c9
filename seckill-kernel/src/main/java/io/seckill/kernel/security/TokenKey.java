package io.seckill.kernel.security;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * A token's cache key: its SHA-256, as four longs. Why not the token itself: a compact JWS is ~420 characters,
 * which made the token strings the biggest live object set of seckill-api (about 60 MB at 91,000 cached tokens)
 * and capped how many buyers' verifications could be remembered; a cryptographic digest keeps "same key" meaning
 * "same token" (a forged token would need a SHA-256 collision to reuse another's entry).
 */
record TokenKey(long a, long b, long c, long d) {

    private static final MessageDigest PROTOTYPE;

    static {
        try {
            PROTOTYPE = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    static TokenKey of(String token) {
        MessageDigest sha;
        try {
            // A clone per call: a ThreadLocal would be one digest per request under virtual threads anyway.
            sha = (MessageDigest) PROTOTYPE.clone();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("SHA-256 digest cannot be cloned", e);
        }
        // A JWS is ASCII (base64url and dots); anything else is refused by the parser, and hashes all the same.
        ByteBuffer digest = ByteBuffer.wrap(sha.digest(token.getBytes(StandardCharsets.UTF_8)));
        return new TokenKey(digest.getLong(), digest.getLong(), digest.getLong(), digest.getLong());
    }
}

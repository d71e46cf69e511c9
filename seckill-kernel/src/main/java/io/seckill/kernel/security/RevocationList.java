package io.seckill.kernel.security;

/**
 * Access tokens revoked before their expiry (logout, a stolen refresh family): user-api writes
 * {@code auth:deny:<jti>} until the token would expire anyway; every service that verifies tokens may ask.
 */
public interface RevocationList {

    boolean isRevoked(VerifiedToken token);
}

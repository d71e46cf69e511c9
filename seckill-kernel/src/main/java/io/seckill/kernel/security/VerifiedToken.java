package io.seckill.kernel.security;

import io.seckill.kernel.error.ApiException;

import java.time.Instant;
import java.util.Set;

/**
 * The claims of a token whose signature, algorithm, issuer, audience and time window have been checked.
 * {@code subject} is the user id (customers) or admin id (admins); {@code permissions} is the admin
 * {@code perms} claim (empty for customers); {@code name} is the {@code preferred_username} claim when the issuer
 * sets one (admin-back does, for the audit trail's {@code actor_name}), else null.
 */
public record VerifiedToken(String subject, Audience audience, String tokenId, Instant issuedAt, Instant expiresAt,
                            Set<String> permissions, String name) {

    /** The OpenID Connect claim name admin-back issues the admin's username under. */
    public static final String NAME_CLAIM = "preferred_username";

    public VerifiedToken {
        permissions = Set.copyOf(permissions);
    }

    /** A token without a name claim (customer tokens, and every caller written before the claim existed). */
    public VerifiedToken(String subject, Audience audience, String tokenId, Instant issuedAt, Instant expiresAt,
                         Set<String> permissions) {
        this(subject, audience, tokenId, issuedAt, expiresAt, permissions, null);
    }

    /** The subject as a numeric id; customer and admin ids are 64-bit ids. */
    public long subjectId() {
        try {
            return Long.parseLong(subject);
        } catch (NumberFormatException e) {
            throw new InvalidTokenException("subject is not a numeric id");
        }
    }

    public boolean hasPermission(String permission) {
        return permissions.contains(permission);
    }

    /** Function-level authorization for admin endpoints: 403 FORBIDDEN unless the token carries the permission. */
    public void requirePermission(String permission) {
        if (!hasPermission(permission)) {
            throw ApiException.forbidden("This action needs the permission " + permission);
        }
    }
}

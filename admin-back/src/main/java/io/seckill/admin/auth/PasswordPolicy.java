package io.seckill.admin.auth;

import io.seckill.admin.web.FieldErrors;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Locale;

/**
 * Admin passwords: 12 to 64 characters, at most 72 bytes (BCrypt ignores the rest), at least one letter and one
 * digit, and not containing the username. Stricter than the customers' 8 (user-api): an admin password opens the
 * back office. Generated passwords (bootstrap, new admins, resets) satisfy the same rule.
 */
public final class PasswordPolicy {

    private static final SecureRandom random = new SecureRandom();

    private PasswordPolicy() {
    }

    public static boolean acceptable(String password, String username) {
        if (password == null || password.length() < 12 || password.length() > 64
                || password.getBytes(StandardCharsets.UTF_8).length > 72) {
            return false;
        }
        boolean letter = password.chars().anyMatch(Character::isLetter);
        boolean digit = password.chars().anyMatch(Character::isDigit);
        return letter && digit && !password.toLowerCase(Locale.ROOT).contains(username.toLowerCase(Locale.ROOT));
    }

    /** Adds the field error of {@code field} when the password does not pass. */
    public static void check(String password, String username, String field, FieldErrors errors) {
        errors.check(acceptable(password, username), field,
                "must be 12 to 64 characters with a letter and a digit, and not contain the username");
    }

    /** 24 random URL-safe characters that pass the policy (for any username shorter than that). */
    public static String generate(String username) {
        while (true) {
            byte[] bytes = new byte[18];
            random.nextBytes(bytes);
            String candidate = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
            if (acceptable(candidate, username)) {
                return candidate;
            }
        }
    }
}

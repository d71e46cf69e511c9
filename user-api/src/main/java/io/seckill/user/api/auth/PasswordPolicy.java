package io.seckill.user.api.auth;

import java.nio.charset.StandardCharsets;

/**
 * Customer password rule: 8 to 64 characters with at least one letter and one digit, at most 72 bytes (BCrypt
 * ignores anything beyond), and not the mobile number itself.
 */
final class PasswordPolicy {

    private PasswordPolicy() {
    }

    static boolean acceptable(String password, String mobile) {
        if (password == null || password.length() < 8 || password.length() > 64
                || password.getBytes(StandardCharsets.UTF_8).length > 72) {
            return false;
        }
        boolean letter = password.chars().anyMatch(Character::isLetter);
        boolean digit = password.chars().anyMatch(Character::isDigit);
        return letter && digit && !password.contains(mobile.replace("+", ""));
    }
}

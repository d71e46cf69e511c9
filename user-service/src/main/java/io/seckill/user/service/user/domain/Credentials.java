package io.seckill.user.service.user.domain;

/**
 * An account with its password hash, only for checking a password. {@link #toString()} leaves the hash out so
 * that it cannot reach a log by accident.
 */
public record Credentials(UserAccount account, String passwordHash) {

    @Override
    public String toString() {
        return "Credentials[account=" + account + ", passwordHash=<hidden>]";
    }
}

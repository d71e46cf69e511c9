package io.seckill.user.service.user.domain;

/** The account states of {@code ck_users_status}. Only ACTIVE accounts may log in. */
public enum UserStatus {
    ACTIVE,
    DISABLED,
    BLACKLISTED
}

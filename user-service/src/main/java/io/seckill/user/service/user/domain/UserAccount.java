package io.seckill.user.service.user.domain;

import java.time.Instant;

/** A customer as other services see it: never the password hash (that stays in {@link Credentials}). */
public record UserAccount(long id, String mobile, String nickname, UserStatus status, Instant createdAt, long version) {
}

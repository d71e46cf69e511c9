package io.seckill.user.api.userclient;

import java.time.Instant;

/** A customer as user-api needs it; mapped from the contract's {@code User} at the edge. */
public record Customer(long id, String mobile, String nickname, Status status, Instant createdAt) {

    public enum Status {
        ACTIVE,
        DISABLED,
        BLACKLISTED
    }

    public boolean active() {
        return status == Status.ACTIVE;
    }
}

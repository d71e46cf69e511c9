package io.seckill.user.service.user.domain;

/**
 * A page of the admin user list: newest first, optional status and mobile-prefix filters.
 *
 * @param status       null for any status
 * @param mobilePrefix empty for any mobile; digits with an optional leading '+'
 */
public record UserQuery(int page, int size, UserStatus status, String mobilePrefix) {

    public static final int DEFAULT_SIZE = 20;
    public static final int MAX_SIZE = 100;

    public UserQuery {
        if (page < 0) {
            throw UserProblem.invalid("page must be 0 or more");
        }
        if (size < 1 || size > MAX_SIZE) {
            throw UserProblem.invalid("size must be between 1 and " + MAX_SIZE);
        }
        if (mobilePrefix == null) {
            mobilePrefix = "";
        }
        // Digits only: the prefix goes into a LIKE pattern, so % and _ must never get there.
        if (!mobilePrefix.matches("\\+?[0-9]{0,15}")) {
            throw UserProblem.invalid("mobile_prefix must be digits, optionally after '+'");
        }
    }

    public long offset() {
        return (long) page * size;
    }
}

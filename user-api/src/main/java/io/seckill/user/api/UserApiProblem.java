package io.seckill.user.api;

import io.seckill.kernel.error.Problem;
import io.seckill.kernel.error.ProblemCode;
import org.springframework.http.HttpStatus;

/** The stable codes of {@code /api/auth} and {@code /api/users} (DESIGN.md §12), on top of the kernel's shared ones. */
public final class UserApiProblem {

    public static final ProblemCode INVALID_CREDENTIALS = new Problem("INVALID_CREDENTIALS", HttpStatus.UNAUTHORIZED, "Wrong mobile, password or code");
    public static final ProblemCode ACCOUNT_DISABLED = new Problem("ACCOUNT_DISABLED", HttpStatus.FORBIDDEN, "The account is disabled");
    public static final ProblemCode REFRESH_TOKEN_INVALID = new Problem("REFRESH_TOKEN_INVALID", HttpStatus.UNAUTHORIZED, "The refresh token is invalid, expired or already used");
    public static final ProblemCode MOBILE_TAKEN = new Problem("MOBILE_TAKEN", HttpStatus.CONFLICT, "An account with this mobile already exists");
    public static final ProblemCode WEAK_PASSWORD = new Problem("WEAK_PASSWORD", HttpStatus.BAD_REQUEST, "The password is too weak");
    public static final ProblemCode SMS_CODE_INVALID = new Problem("SMS_CODE_INVALID", HttpStatus.BAD_REQUEST, "The SMS code is wrong or expired");
    public static final ProblemCode SMS_UNAVAILABLE = new Problem("SMS_UNAVAILABLE", HttpStatus.SERVICE_UNAVAILABLE, "The SMS code could not be sent");
    public static final ProblemCode USER_SERVICE_UNAVAILABLE = new Problem("USER_SERVICE_UNAVAILABLE", HttpStatus.SERVICE_UNAVAILABLE, "The user service is unavailable");

    private UserApiProblem() {
    }
}

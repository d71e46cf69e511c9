package io.seckill.admin.auth;

import io.seckill.kernel.error.Problem;
import io.seckill.kernel.error.ProblemCode;
import org.springframework.http.HttpStatus;

/** The stable codes of {@code /api/admin/auth}; the same names user-api uses for customers. */
final class AdminAuthProblem {

    /** Unknown username, wrong password and disabled account alike: the answer must not tell which. */
    static final ProblemCode INVALID_CREDENTIALS =
            new Problem("INVALID_CREDENTIALS", HttpStatus.UNAUTHORIZED, "Wrong username or password");
    static final ProblemCode REFRESH_TOKEN_INVALID = new Problem("REFRESH_TOKEN_INVALID", HttpStatus.UNAUTHORIZED,
            "The refresh token is invalid, expired or already used");

    private AdminAuthProblem() {
    }
}

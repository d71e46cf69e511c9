package io.seckill.user.api;

import io.seckill.kernel.error.ProblemCode;
import org.springframework.http.HttpStatus;

/** The stable codes of {@code /api/auth} and {@code /api/users} (DESIGN.md §12), on top of the kernel's shared ones. */
public enum UserApiProblem implements ProblemCode {

    INVALID_CREDENTIALS(HttpStatus.UNAUTHORIZED, "Wrong mobile, password or code"),
    ACCOUNT_DISABLED(HttpStatus.FORBIDDEN, "The account is disabled"),
    REFRESH_TOKEN_INVALID(HttpStatus.UNAUTHORIZED, "The refresh token is invalid, expired or already used"),
    MOBILE_TAKEN(HttpStatus.CONFLICT, "An account with this mobile already exists"),
    WEAK_PASSWORD(HttpStatus.BAD_REQUEST, "The password is too weak"),
    SMS_CODE_INVALID(HttpStatus.BAD_REQUEST, "The SMS code is wrong or expired"),
    SMS_UNAVAILABLE(HttpStatus.SERVICE_UNAVAILABLE, "The SMS code could not be sent"),
    USER_SERVICE_UNAVAILABLE(HttpStatus.SERVICE_UNAVAILABLE, "The user service is unavailable");

    private final HttpStatus status;
    private final String title;

    UserApiProblem(HttpStatus status, String title) {
        this.status = status;
        this.title = title;
    }

    @Override
    public String code() {
        return name();
    }

    @Override
    public HttpStatus status() {
        return status;
    }

    @Override
    public String title() {
        return title;
    }
}

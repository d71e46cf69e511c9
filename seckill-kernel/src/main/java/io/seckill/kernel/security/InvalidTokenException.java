package io.seckill.kernel.security;

import io.seckill.kernel.error.ApiException;
import io.seckill.kernel.error.ErrorCode;

/**
 * A token that is missing, malformed, badly signed, expired, not yet valid or for another audience. The client
 * only ever learns "401 UNAUTHENTICATED": the precise reason stays in {@link #reason()} for logs and metrics,
 * so that nobody can probe the verifier.
 */
public class InvalidTokenException extends ApiException {

    private final String reason;

    public InvalidTokenException(String reason) {
        super(ErrorCode.UNAUTHENTICATED, "A valid access token is required");
        this.reason = reason;
    }

    public String reason() {
        return reason;
    }
}

package io.seckill.kernel.error;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A failure the client is meant to see: turned into problem+json by {@link ProblemExceptionHandler} with the
 * code's status. The detail is shown to the client, so it must never contain secrets or internal state.
 * No stack trace is captured: these are answers, not bugs, and some are thrown on hot paths (429, sold out).
 */
public class ApiException extends RuntimeException {

    private final ProblemCode problem;
    private final Map<String, Object> properties = new LinkedHashMap<>();
    private Duration retryAfter;

    public ApiException(ProblemCode problem, String detail) {
        super(detail, null, false, false);
        this.problem = Objects.requireNonNull(problem, "problem");
    }

    public static ApiException notFound(String what) {
        return new ApiException(ErrorCode.NOT_FOUND, what + " not found");
    }

    public static ApiException conflict(String detail) {
        return new ApiException(ErrorCode.CONFLICT, detail);
    }

    public static ApiException forbidden(String detail) {
        return new ApiException(ErrorCode.FORBIDDEN, detail);
    }

    public static ApiException unauthenticated(String detail) {
        return new ApiException(ErrorCode.UNAUTHENTICATED, detail);
    }

    public static ApiException rateLimited(Duration retryAfter) {
        return new ApiException(ErrorCode.RATE_LIMITED, "Too many requests; retry later").retryAfter(retryAfter);
    }

    /** Adds a member to the problem body (e.g. {@code serverTime}); values must be JSON-serializable. */
    public ApiException with(String name, Object value) {
        properties.put(name, value);
        return this;
    }

    /** Sets the {@code Retry-After} header, rounded up to whole seconds (at least 1). */
    public ApiException retryAfter(Duration delay) {
        this.retryAfter = delay;
        return this;
    }

    public ProblemCode problem() {
        return problem;
    }

    public Map<String, Object> properties() {
        return properties;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}

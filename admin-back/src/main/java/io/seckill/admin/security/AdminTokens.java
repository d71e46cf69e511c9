package io.seckill.admin.security;

import io.seckill.kernel.security.VerifiedToken;
import jakarta.servlet.http.HttpServletRequest;

/**
 * What controllers of {@code /api/admin/**} use: the admin token that {@link AdminTokenInterceptor} verified (and
 * checked against the endpoint's {@link RequiresPermission}) for this request, and the client address.
 */
public final class AdminTokens {

    static final String ATTRIBUTE = AdminTokens.class.getName() + ".token";

    private AdminTokens() {
    }

    /** The verified admin token of this request. */
    public static VerifiedToken current(HttpServletRequest request) {
        if (!(request.getAttribute(ATTRIBUTE) instanceof VerifiedToken token)) {
            // A controller on a path the interceptor does not guard: a programming error, never a client's.
            throw new IllegalStateException("no verified admin token on " + request.getRequestURI());
        }
        return token;
    }

    /** The admin's username from the token (admin-back issues it), else {@code admin:<id>} for an older token. */
    public static String actorName(VerifiedToken token) {
        return token.name() != null ? token.name() : "admin:" + token.subject();
    }

    /**
     * The client address for the audit log and the login throttle. {@code server.forward-headers-strategy=native}
     * makes it the {@code X-Forwarded-For} client when the request came through a trusted (internal) proxy.
     */
    public static String clientIp(HttpServletRequest request) {
        return request.getRemoteAddr();
    }
}

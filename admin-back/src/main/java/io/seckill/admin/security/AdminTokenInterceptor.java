package io.seckill.admin.security;

import io.seckill.kernel.error.ApiException;
import io.seckill.kernel.security.Audience;
import io.seckill.kernel.security.InvalidTokenException;
import io.seckill.kernel.security.JwtVerifier;
import io.seckill.kernel.security.VerifiedToken;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * Requires a valid, not revoked admin token ({@code aud=seckill-admin}) before any body is read. Unlike the
 * kernel's {@code TokenAuthentication}, it also checks the deny-list: an admin who logged out must lose access at
 * once, and one Redis lookup per back-office call is cheap (the rush path skips it, admin endpoints must not).
 * Then the endpoint's {@link RequiresPermission} is checked, still before the body is read.
 */
class AdminTokenInterceptor implements HandlerInterceptor {

    private final JwtVerifier verifier;
    private final DenyList denyList;

    AdminTokenInterceptor(JwtVerifier verifier, DenyList denyList) {
        this.verifier = verifier;
        this.denyList = denyList;
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        VerifiedToken token = verifier.verifyBearer(request.getHeader(HttpHeaders.AUTHORIZATION), Audience.ADMIN);
        if (denyList.isDenied(token.tokenId())) {
            throw new InvalidTokenException("revoked");
        }
        if (handler instanceof HandlerMethod method) {
            RequiresPermission required = method.getMethodAnnotation(RequiresPermission.class);
            if (required == null) {
                throw ApiException.forbidden("This endpoint declares no permission");
            }
            if (!required.value().equals(RequiresPermission.ANY_ADMIN)) {
                token.requirePermission(required.value());
            }
        }
        request.setAttribute(AdminTokens.ATTRIBUTE, token);
        return true;
    }
}

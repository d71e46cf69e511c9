package io.seckill.admin.security;

import io.seckill.kernel.error.ApiException;
import io.seckill.kernel.error.Problem;
import io.seckill.kernel.error.ProblemCode;
import org.springframework.http.HttpStatus;
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

    /** 403: the admin's password was generated or reset; only change-password (and logout) are open to them. */
    public static final ProblemCode PASSWORD_CHANGE_REQUIRED = new Problem("PASSWORD_CHANGE_REQUIRED",
            HttpStatus.FORBIDDEN, "The password must be changed before anything else");

    /** Whether an admin is flagged {@code must_change_password}. */
    interface PasswordChangeCheck {
        boolean required(long adminId);
    }

    private final JwtVerifier verifier;
    private final DenyList denyList;
    private final PasswordChangeCheck passwordChange;

    AdminTokenInterceptor(JwtVerifier verifier, DenyList denyList, PasswordChangeCheck passwordChange) {
        this.verifier = verifier;
        this.denyList = denyList;
        this.passwordChange = passwordChange;
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        VerifiedToken token = verifier.verifyBearer(request.getHeader(HttpHeaders.AUTHORIZATION), Audience.ADMIN);
        if (denyList.isDenied(token)) {
            throw new InvalidTokenException("revoked");
        }
        if (handler instanceof HandlerMethod method) {
            RequiresPermission required = method.getMethodAnnotation(RequiresPermission.class);
            if (required == null) {
                throw ApiException.forbidden("This endpoint declares no permission");
            }
            if (!required.value().equals(RequiresPermission.ANY_ADMIN) && !token.hasPermission(required.value())) {
                throw refusal(token, required.value());
            }
        }
        request.setAttribute(AdminTokens.ATTRIBUTE, token);
        return true;
    }

    /**
     * An admin who must change their password gets tokens without permissions (so order-service and
     * order-compensation refuse them too); here the refusal says why, read only on this failure path.
     */
    private ApiException refusal(VerifiedToken token, String permission) {
        if (token.permissions().isEmpty() && passwordChange.required(token.subjectId())) {
            return new ApiException(PASSWORD_CHANGE_REQUIRED, "Change your password first (POST /api/admin/auth/password)");
        }
        return ApiException.forbidden("This action needs the permission " + permission);
    }
}

package io.seckill.kernel.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.function.Predicate;
import org.springframework.http.HttpHeaders;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * Requires an access token of one audience on the paths it is registered for, except those {@code isPublic}
 * accepts. It runs before the body is read, so an anonymous call is a 401 whatever it sends, and hands the
 * verified token to the controller ({@link #token}); the caller's id therefore never comes from the body.
 */
public final class TokenAuthentication implements HandlerInterceptor {

    private static final String ATTRIBUTE = TokenAuthentication.class.getName() + ".token";

    private final JwtVerifier verifier;
    private final Audience audience;
    private final Predicate<HttpServletRequest> isPublic;
    private final RevocationList revocations;
    private final Predicate<HttpServletRequest> skipRevocationCheck;

    public TokenAuthentication(JwtVerifier verifier, Audience audience, Predicate<HttpServletRequest> isPublic) {
        this(verifier, audience, isPublic, null, request -> true);
    }

    /**
     * @param revocations         the deny-list to consult, or null
     * @param skipRevocationCheck requests that must not pay the deny-list round trip (the rush path, whose
     *                            one-time path token is only issued to non-revoked tokens)
     */
    public TokenAuthentication(JwtVerifier verifier, Audience audience, Predicate<HttpServletRequest> isPublic,
                               RevocationList revocations, Predicate<HttpServletRequest> skipRevocationCheck) {
        this.verifier = verifier;
        this.audience = audience;
        this.isPublic = isPublic;
        this.revocations = revocations;
        this.skipRevocationCheck = skipRevocationCheck;
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        if (!isPublic.test(request)) {
            VerifiedToken token = verifier.verifyBearer(request.getHeader(HttpHeaders.AUTHORIZATION), audience);
            if (revocations != null && !skipRevocationCheck.test(request) && revocations.isRevoked(token)) {
                throw new InvalidTokenException("revoked");
            }
            request.setAttribute(ATTRIBUTE, token);
        }
        return true;
    }

    /** The verified token of this request; only valid on the paths the interceptor guards. */
    public static VerifiedToken token(HttpServletRequest request) {
        Object token = request.getAttribute(ATTRIBUTE);
        if (!(token instanceof VerifiedToken verified)) {
            throw new IllegalStateException("no verified token on " + request.getRequestURI());
        }
        return verified;
    }
}

package io.seckill.seckillapi.auth;

import io.seckill.kernel.security.Audience;
import io.seckill.kernel.security.JwtVerifier;
import io.seckill.kernel.security.VerifiedToken;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Every {@code /api/seckill/**} call except the two public activity reads needs a customer access token
 * (DESIGN.md §12), verified locally and cached (§3 step 1). Checked in an interceptor, before the body is read,
 * so an anonymous call is a 401 whatever it sends. The user id then comes from the token only, never from the
 * body or the query.
 */
@Component
public class CustomerAuth implements HandlerInterceptor, WebMvcConfigurer {

    private static final java.util.regex.Pattern ACTIVITY_DETAIL = java.util.regex.Pattern.compile("/api/seckill/activities/[^/]+");
    private static final String USER_ID = CustomerAuth.class.getName() + ".userId";

    private final JwtVerifier verifier;

    public CustomerAuth(JwtVerifier verifier) {
        this.verifier = verifier;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(this).addPathPatterns("/api/seckill/**");
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        if (isPublicRead(request)) {
            return true;
        }
        VerifiedToken token = verifier.verifyBearer(request.getHeader(HttpHeaders.AUTHORIZATION), Audience.CUSTOMER);
        request.setAttribute(USER_ID, token.subjectId());
        return true;
    }

    /** The authenticated customer's id; only valid on the paths this interceptor guards. */
    public static long userId(HttpServletRequest request) {
        Object id = request.getAttribute(USER_ID);
        if (!(id instanceof Long userId)) {
            throw new IllegalStateException("no authenticated customer on " + request.getRequestURI());
        }
        return userId;
    }

    private static boolean isPublicRead(HttpServletRequest request) {
        if (!HttpMethod.GET.matches(request.getMethod())) {
            return false;
        }
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return path.equals("/api/seckill/activities") || ACTIVITY_DETAIL.matcher(path).matches();
    }
}

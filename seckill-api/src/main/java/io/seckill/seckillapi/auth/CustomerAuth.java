package io.seckill.seckillapi.auth;

import io.seckill.kernel.security.Audience;
import io.seckill.kernel.security.JwtVerifier;
import io.seckill.kernel.security.RevocationList;
import io.seckill.kernel.security.TokenAuthentication;
import jakarta.servlet.http.HttpServletRequest;
import java.util.regex.Pattern;
import org.springframework.http.HttpMethod;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Every {@code /api/seckill/**} call except the two public activity reads needs a customer access token
 * (DESIGN.md §12), verified locally and cached (§3 step 1) by the kernel's {@link TokenAuthentication},
 * and checked against the logout deny-list.
 */
@Component
public class CustomerAuth implements WebMvcConfigurer {

    private static final Pattern ACTIVITY_DETAIL = Pattern.compile("/api/seckill/activities/[^/]+");

    private static final Pattern ATTEMPT = Pattern.compile("/api/seckill/activities/[^/]+/[^/]+/orders");

    private final JwtVerifier verifier;
    private final RevocationList revocations;

    public CustomerAuth(JwtVerifier verifier, RevocationList revocations) {
        this.verifier = verifier;
        this.revocations = revocations;
    }

    /**
     * A logged-out token is refused everywhere except on the attempt itself: that one must cost a single Redis
     * round trip, and it needs a one-time path that only a non-revoked token could obtain in the last 60 s.
     */
    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(new TokenAuthentication(verifier, Audience.CUSTOMER, CustomerAuth::isPublicRead,
                        revocations, request -> ATTEMPT.matcher(request.getRequestURI()).matches()))
                .addPathPatterns("/api/seckill/**");
    }

    /** The authenticated customer's id. */
    public static long userId(HttpServletRequest request) {
        return TokenAuthentication.token(request).subjectId();
    }

    private static boolean isPublicRead(HttpServletRequest request) {
        if (!HttpMethod.GET.matches(request.getMethod())) {
            return false;
        }
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return path.equals("/api/seckill/activities") || ACTIVITY_DETAIL.matcher(path).matches();
    }
}

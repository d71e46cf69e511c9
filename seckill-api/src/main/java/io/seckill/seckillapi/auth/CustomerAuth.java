package io.seckill.seckillapi.auth;

import io.seckill.kernel.security.Audience;
import io.seckill.kernel.security.JwtVerifier;
import io.seckill.kernel.security.TokenAuthentication;
import jakarta.servlet.http.HttpServletRequest;
import java.util.regex.Pattern;
import org.springframework.http.HttpMethod;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Every {@code /api/seckill/**} call except the two public activity reads needs a customer access token
 * (DESIGN.md §12), verified locally and cached (§3 step 1) by the kernel's {@link TokenAuthentication}.
 */
@Component
public class CustomerAuth implements WebMvcConfigurer {

    private static final Pattern ACTIVITY_DETAIL = Pattern.compile("/api/seckill/activities/[^/]+");

    private final JwtVerifier verifier;

    public CustomerAuth(JwtVerifier verifier) {
        this.verifier = verifier;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(new TokenAuthentication(verifier, Audience.CUSTOMER, CustomerAuth::isPublicRead))
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

package io.seckill.admin.security;

import io.seckill.kernel.security.JwtVerifier;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** Every {@code /api/admin/**} path needs an admin token, except the two that hand tokens out. */
@Configuration(proxyBeanMethods = false)
class AdminSecurityConfig implements WebMvcConfigurer {

    static final String[] PUBLIC = {"/api/admin/auth/login", "/api/admin/auth/refresh"};

    private final JwtVerifier verifier;
    private final DenyList denyList;

    AdminSecurityConfig(JwtVerifier verifier, DenyList denyList) {
        this.verifier = verifier;
        this.denyList = denyList;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(new AdminTokenInterceptor(verifier, denyList))
                .addPathPatterns("/api/admin/**")
                .excludePathPatterns(PUBLIC);
    }
}

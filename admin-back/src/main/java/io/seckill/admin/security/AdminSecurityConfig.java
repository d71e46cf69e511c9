package io.seckill.admin.security;

import io.seckill.kernel.security.JwtVerifier;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** Every {@code /api/admin/**} path needs an admin token, except the two that hand tokens out. */
@Configuration(proxyBeanMethods = false)
class AdminSecurityConfig implements WebMvcConfigurer {

    static final String[] PUBLIC = {"/api/admin/auth/login", "/api/admin/auth/refresh"};

    private final JwtVerifier verifier;
    private final DenyList denyList;
    private final JdbcClient jdbc;

    AdminSecurityConfig(JwtVerifier verifier, DenyList denyList, JdbcClient jdbc) {
        this.verifier = verifier;
        this.denyList = denyList;
        this.jdbc = jdbc;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(new AdminTokenInterceptor(verifier, denyList, adminId -> jdbc
                        .sql("SELECT COUNT(*) FROM admin_users WHERE id = ? AND must_change_password")
                        .param(adminId).query(Integer.class).single() > 0))
                .addPathPatterns("/api/admin/**")
                .excludePathPatterns(PUBLIC);
    }
}

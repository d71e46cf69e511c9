package io.seckill.compensation.archive;

import io.seckill.kernel.security.Audience;
import io.seckill.kernel.security.JwtVerifier;
import io.seckill.kernel.security.RevocationList;
import io.seckill.kernel.security.TokenAuthentication;
import io.seckill.kernel.security.VerifiedToken;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** The archive paths need an admin token (order-service's AdminSecurity pattern); each endpoint names its permission. */
@Configuration(proxyBeanMethods = false)
class ArchiveSecurity implements WebMvcConfigurer {

    private final JwtVerifier verifier;
    private final RevocationList revocations;

    ArchiveSecurity(JwtVerifier verifier, RevocationList revocations) {
        this.verifier = verifier;
        this.revocations = revocations;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(new TokenAuthentication(verifier, Audience.ADMIN, request -> false, revocations, request -> false))
                .addPathPatterns("/api/admin/archives", "/api/admin/archives/**");
    }

    static VerifiedToken admin(HttpServletRequest request, String permission) {
        VerifiedToken admin = TokenAuthentication.token(request);
        admin.requirePermission(permission);
        return admin;
    }
}

package io.seckill.order.orders;

import io.seckill.kernel.security.Audience;
import io.seckill.kernel.security.JwtVerifier;
import io.seckill.kernel.security.RevocationList;
import io.seckill.kernel.security.TokenAuthentication;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** Every {@code /api/orders/**} call needs a customer token. */
@Configuration(proxyBeanMethods = false)
class OrderSecurity implements WebMvcConfigurer {

    private final JwtVerifier verifier;
    private final RevocationList revocations;

    OrderSecurity(JwtVerifier verifier, RevocationList revocations) {
        this.verifier = verifier;
        this.revocations = revocations;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(new TokenAuthentication(verifier, Audience.CUSTOMER, request -> false, revocations, request -> false))
                .addPathPatterns("/api/orders", "/api/orders/**");
    }
}

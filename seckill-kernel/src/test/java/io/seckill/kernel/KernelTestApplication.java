package io.seckill.kernel;

import io.seckill.kernel.error.ApiException;
import io.seckill.kernel.error.ErrorCode;
import io.seckill.kernel.security.Audience;
import io.seckill.kernel.security.JwtVerifier;
import jakarta.servlet.FilterChain;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.filter.OncePerRequestFilter;

import java.time.Duration;
import java.util.Map;

/** A minimal service using the kernel the way real services do, for the web-level kernel tests. */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import(KernelTestApplication.TestController.class)
public class KernelTestApplication {

    public record Item(@NotBlank String name, @Min(1) @Max(5) int quantity) {
    }

    @RestController
    public static class TestController {

        private final JwtVerifier verifier;

        TestController(JwtVerifier verifier) {
            this.verifier = verifier;
        }

        @GetMapping("/test/limited")
        public String limited() {
            throw ApiException.rateLimited(Duration.ofMillis(1500)).with("scope", "user");
        }

        @GetMapping("/test/boom")
        public String boom() {
            throw new IllegalStateException("secret-internal-detail");
        }

        @PostMapping("/test/items")
        @ResponseStatus(HttpStatus.CREATED)
        public Item create(@Valid @RequestBody Item item) {
            return item;
        }

        @GetMapping("/test/items/{id}")
        public Map<String, Object> item(@PathVariable long id) {
            throw new ApiException(ErrorCode.NOT_FOUND, "item " + id + " not found");
        }

        @GetMapping("/test/page")
        public Map<String, Object> page(@RequestParam @Min(1) @Max(100) int size) {
            return Map.of("size", size);
        }

        @GetMapping("/test/me")
        public Map<String, Object> me(@RequestHeader(name = "Authorization", required = false) String authorization) {
            return Map.of("subject", verifier.verifyBearer(authorization, Audience.CUSTOMER).subject());
        }
    }

    /** A filter that refuses before Spring MVC runs, like a gateway filter or a security filter would. */
    @Bean
    FilterRegistrationBean<OncePerRequestFilter> refusingFilter() {
        FilterRegistrationBean<OncePerRequestFilter> registration = new FilterRegistrationBean<>(new OncePerRequestFilter() {
            @Override
            protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                    throws java.io.IOException {
                response.sendError(403);
            }
        });
        registration.addUrlPatterns("/test/filtered");
        return registration;
    }
}

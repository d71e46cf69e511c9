package io.seckill.seckillapi.attempt;

import io.seckill.kernel.error.ProblemExceptionHandler;
import io.seckill.kernel.security.Audience;
import io.seckill.kernel.security.InvalidTokenException;
import io.seckill.kernel.security.JwtVerifier;
import io.seckill.seckillapi.SeckillProblem;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The answer most attempts of a rush get — 410 SOLD_OUT once the local flag is set — written before Spring MVC
 * is entered: no handler lookup, no argument resolution, no exception resolution, one small write. The token is
 * still verified first (an anonymous or forged call falls through to the normal path and gets its 401), and the
 * body is the same problem+json the exception handler produces.
 *
 * <p>It runs first of all the servlet filters ({@link Registration}): the profile of a sold-out rush showed the
 * filters in front of it (the {@code http.server.requests} observation, character encoding, form content,
 * request context) costing more CPU than the answer itself. A sold-out attempt is therefore not in
 * {@code http_server_requests}; it is counted in {@code seckill_attempts_total{outcome="sold_out_local"}} and
 * timed in {@code seckill_attempt_latency_seconds}.
 */
class SoldOutFastPath extends OncePerRequestFilter {

    private static final Pattern ATTEMPT = Pattern.compile("/api/seckill/activities/(\\d{1,18})/[^/]{1,64}/orders");

    private final SoldOutBoard soldOut;
    private final JwtVerifier verifier;
    private final AttemptMetrics metrics;

    SoldOutFastPath(SoldOutBoard soldOut, JwtVerifier verifier, AttemptMetrics metrics) {
        this.soldOut = soldOut;
        this.verifier = verifier;
        this.metrics = metrics;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (!"POST".equals(request.getMethod())) {
            chain.doFilter(request, response);
            return;
        }
        String uri = request.getRequestURI();
        Matcher attempt = ATTEMPT.matcher(uri);
        if (!attempt.matches() || !soldOut.isSoldOut(Long.parseLong(attempt.group(1)))) {
            chain.doFilter(request, response);
            return;
        }
        long started = System.nanoTime();
        try {
            verifier.verifyBearer(request.getHeader(HttpHeaders.AUTHORIZATION), Audience.CUSTOMER);
        } catch (InvalidTokenException e) {
            chain.doFilter(request, response);
            return;
        }
        byte[] body = soldOutBody(attempt.group(1), uri);
        response.setStatus(SeckillProblem.SOLD_OUT.status().value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
        metrics.count(AttemptMetrics.Outcome.SOLD_OUT_LOCAL);
        metrics.latency().record(System.nanoTime() - started, java.util.concurrent.TimeUnit.NANOSECONDS);
    }

    private static byte[] soldOutBody(String activityId, String uri) {
        io.seckill.kernel.error.ProblemCode problem = SeckillProblem.SOLD_OUT;
        return ("{\"type\":\"" + ProblemExceptionHandler.TYPE_BASE + "sold-out\",\"title\":\"" + problem.title()
                + "\",\"status\":" + problem.status().value() + ",\"detail\":\"activity " + activityId
                + " is sold out\",\"instance\":\"" + escape(uri) + "\",\"code\":\"" + problem.code() + "\"}")
                .getBytes(StandardCharsets.UTF_8);
    }

    private static String escape(String text) {
        return text.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    /** Registers the fast path ahead of every other filter, on the activity paths only. */
    @Configuration(proxyBeanMethods = false)
    static class Registration {

        @Bean
        FilterRegistrationBean<SoldOutFastPath> soldOutFastPath(SoldOutBoard soldOut, JwtVerifier verifier,
                                                                AttemptMetrics metrics) {
            FilterRegistrationBean<SoldOutFastPath> registration =
                    new FilterRegistrationBean<>(new SoldOutFastPath(soldOut, verifier, metrics));
            registration.addUrlPatterns("/api/seckill/activities/*");
            registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
            return registration;
        }
    }
}

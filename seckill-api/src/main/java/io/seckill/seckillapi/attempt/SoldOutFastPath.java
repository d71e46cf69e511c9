package io.seckill.seckillapi.attempt;

import io.seckill.kernel.error.ProblemCode;
import io.seckill.kernel.error.ProblemExceptionHandler;
import io.seckill.kernel.security.Audience;
import io.seckill.kernel.security.InvalidTokenException;
import io.seckill.kernel.security.JwtVerifier;
import io.seckill.seckillapi.SeckillProblem;
import jakarta.servlet.ServletException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.catalina.Valve;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ValveBase;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;

/**
 * The answer most attempts of a rush get — 410 SOLD_OUT once the local flag is set — written by a Tomcat valve,
 * the first of the engine's: no servlet, no filter, no Spring MVC, one small write. The token is still verified
 * first (an anonymous or forged call goes on down the pipeline and gets its 401), and the body is the same
 * problem+json the exception handler produces.
 *
 * <p>Why a valve and not a servlet filter: the profile of a sold-out rush showed what runs in front of the first
 * filter costing more CPU than the answer itself — the {@code RemoteIpValve} of the forwarded headers (its proxy
 * regex and address parsing), the host valve's request listeners (an array copy per request), the context and
 * wrapper valves and the filter chain they build. Here the sold-out answer skips them all: under wrk its
 * CPU per answer went from ~36 to ~32 µs (docs/seckill-api.md "Measured"). It therefore is not in {@code http_server_requests}; it is counted in
 * {@code seckill_attempts_total{outcome="sold_out_local"}} and timed in {@code seckill_attempt_latency_seconds}.
 * Everything else (including the SSE streams: the valve declares async support) passes through untouched.
 */
final class SoldOutFastPath extends ValveBase {

    private static final String PREFIX = "/api/seckill/activities/";
    private static final String SUFFIX = "/orders";

    private final SoldOutBoard soldOut;
    private final JwtVerifier verifier;
    private final AttemptMetrics metrics;

    SoldOutFastPath(SoldOutBoard soldOut, JwtVerifier verifier, AttemptMetrics metrics) {
        super(true);
        this.soldOut = soldOut;
        this.verifier = verifier;
        this.metrics = metrics;
    }

    @Override
    public void invoke(Request request, Response response) throws IOException, ServletException {
        long activityId = "POST".equals(request.getMethod()) ? attemptedActivity(request.getRequestURI()) : -1;
        if (activityId < 0 || !soldOut.isSoldOut(activityId)) {
            getNext().invoke(request, response);
            return;
        }
        long started = System.nanoTime();
        try {
            verifier.verifyBearer(request.getHeader(HttpHeaders.AUTHORIZATION), Audience.CUSTOMER);
        } catch (InvalidTokenException e) {
            getNext().invoke(request, response);
            return;
        }
        byte[] body = soldOutBody(activityId, request.getRequestURI());
        response.setStatus(SeckillProblem.SOLD_OUT.status().value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
        metrics.count(AttemptMetrics.Outcome.SOLD_OUT_LOCAL);
        metrics.latency().record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
    }

    /**
     * The activity id of {@code /api/seckill/activities/{id}/{path}/orders} (id of 1–18 digits, path of 1–64
     * characters without a slash), or -1 for any other URI. Hand-parsed: a regex matcher per request showed in
     * the profile.
     */
    static long attemptedActivity(String uri) {
        if (uri == null || !uri.startsWith(PREFIX) || !uri.endsWith(SUFFIX)) {
            return -1;
        }
        int idEnd = uri.indexOf('/', PREFIX.length());
        int pathEnd = uri.length() - SUFFIX.length();
        int digits = idEnd - PREFIX.length();
        if (digits < 1 || digits > 18 || pathEnd - idEnd - 1 < 1 || pathEnd - idEnd - 1 > 64
                || uri.indexOf('/', idEnd + 1) != pathEnd) {
            return -1;
        }
        long id = 0;
        for (int i = PREFIX.length(); i < idEnd; i++) {
            char c = uri.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            id = id * 10 + (c - '0');
        }
        return id;
    }

    private static byte[] soldOutBody(long activityId, String uri) {
        ProblemCode problem = SeckillProblem.SOLD_OUT;
        return ("{\"type\":\"" + ProblemExceptionHandler.TYPE_BASE + "sold-out\",\"title\":\"" + problem.title()
                + "\",\"status\":" + problem.status().value() + ",\"detail\":\"activity " + activityId
                + " is sold out\",\"instance\":\"" + escape(uri) + "\",\"code\":\"" + problem.code() + "\"}")
                .getBytes(StandardCharsets.UTF_8);
    }

    private static String escape(String text) {
        return text.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    /**
     * Puts the fast path first among the engine's valves. It runs after Boot's own customizer (order 0), which adds
     * the {@code RemoteIpValve} there, so it can go in front of that one too.
     */
    static final class Registration implements WebServerFactoryCustomizer<TomcatServletWebServerFactory>, Ordered {

        private final SoldOutFastPath valve;

        Registration(SoldOutBoard soldOut, JwtVerifier verifier, AttemptMetrics metrics) {
            this.valve = new SoldOutFastPath(soldOut, verifier, metrics);
        }

        @Override
        public void customize(TomcatServletWebServerFactory factory) {
            List<Valve> valves = new ArrayList<>(factory.getEngineValves());
            valves.addFirst(valve);
            factory.setEngineValves(valves);
        }

        @Override
        public int getOrder() {
            return Ordered.LOWEST_PRECEDENCE;
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class Config {

        @Bean
        Registration soldOutFastPath(SoldOutBoard soldOut, JwtVerifier verifier, AttemptMetrics metrics) {
            return new Registration(soldOut, verifier, metrics);
        }
    }
}

package io.seckill.compensation.attempt;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Asks order-service to compensate ({@code POST /internal/compensations/{key}}): only order-service writes orders,
 * stock and the transaction log (DESIGN.md §7). Bounded by {@code seckill.compensation.order-service-timeout}
 * (the JDK client's own connect and request timeouts: one call, nothing a circuit breaker would add here, since
 * the retry tiers already space the attempts out).
 */
@Component
public class OrderServiceClient {

    private final HttpClient http;
    private final String baseUrl;
    private final String secret;
    private final Duration timeout;
    private final JsonMapper json;

    OrderServiceClient(@Value("${seckill.compensation.order-service-url:http://127.0.0.1:8200}") String baseUrl,
                       @Value("${seckill.internal.secret:}") String secret,
                       @Value("${seckill.compensation.order-service-timeout:5s}") Duration timeout, JsonMapper json) {
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.secret = secret;
        this.timeout = timeout;
        this.json = json;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    /** COMMITTED (an order exists) or ROLLED_BACK (the units are back), with the refusal reason if any. */
    public record Outcome(String state, String reason) {
    }

    /** Thrown when the compensation did not happen (order-service down, transient failure, refused). */
    public static class Failed extends Exception {
        Failed(String message) {
            super(message);
        }
    }

    public Outcome compensate(String key, String message) throws Failed {
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + "/internal/compensations/"
                        + URLEncoder.encode(key, StandardCharsets.UTF_8)))
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .header("X-Internal-Secret", secret)
                .POST(HttpRequest.BodyPublishers.ofString(message)).build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new Failed("order-service unreachable: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Failed("interrupted");
        }
        if (response.statusCode() != 200) {
            throw new Failed("order-service answered " + response.statusCode() + ": " + abbreviate(response.body()));
        }
        JsonNode body = json.readTree(response.body());
        return new Outcome(body.path("outcome").asString(), body.path("reason").asString(null));
    }

    private static String abbreviate(String text) {
        return text == null || text.length() <= 500 ? text : text.substring(0, 500) + "…";
    }
}

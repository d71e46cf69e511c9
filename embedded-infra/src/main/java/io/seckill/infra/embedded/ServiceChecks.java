package io.seckill.infra.embedded;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The checks every service must pass (DESIGN.md §2): health UP with liveness and readiness groups, Prometheus
 * metrics tagged with the service's name, and problem+json for an unknown path. Shared so that each service's
 * test states the same contract in one line.
 */
public final class ServiceChecks {

    private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private ServiceChecks() {
    }

    public static void assertServiceContract(String baseUrl, String application) {
        expect(get(baseUrl + "/actuator/health"), 200, "\"status\":\"UP\"");
        expect(get(baseUrl + "/actuator/health/liveness"), 200, "\"status\":\"UP\"");
        expect(get(baseUrl + "/actuator/health/readiness"), 200, "\"status\":\"UP\"");
        expect(get(baseUrl + "/actuator/prometheus"), 200, "application=\"" + application + "\"");
        HttpResponse<String> unknown = get(baseUrl + "/no-such-path-" + System.nanoTime());
        expect(unknown, 404, "\"code\":\"NOT_FOUND\"");
        String type = unknown.headers().firstValue("Content-Type").orElse("");
        if (!type.startsWith("application/problem+json")) {
            throw new AssertionError("unknown path answered Content-Type " + type + ", not application/problem+json");
        }
    }

    public static HttpResponse<String> get(String url) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AssertionError("GET " + url + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    private static void expect(HttpResponse<String> response, int status, String fragment) {
        if (response.statusCode() != status || !response.body().contains(fragment)) {
            throw new AssertionError(response.request().uri() + " answered " + response.statusCode()
                    + " " + abbreviate(response.body()) + "; expected " + status + " containing " + fragment);
        }
    }

    private static String abbreviate(String body) {
        return body.length() > 400 ? body.substring(0, 400) + "…" : body;
    }
}

package io.seckill.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.Executors;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One JDK {@link HttpClient} (HTTP/1.1 keep-alive; one connection per concurrent caller) on virtual threads, and
 * the few JSON calls the bench makes. Every request has a timeout: a stuck service becomes an error, not a hang.
 */
final class Http implements AutoCloseable {

    static final JsonMapper JSON = JsonMapper.builder().build();
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

    record Answer(int status, String body) {
        JsonNode json() {
            return JSON.readTree(body);
        }

        /** The stable {@code code} of a problem+json answer, without parsing the whole body (hot path). */
        String problemCode() {
            int at = body.indexOf("\"code\":\"");
            if (at < 0) {
                return "HTTP_" + status;
            }
            int from = at + 8;
            int to = body.indexOf('"', from);
            return to < 0 ? "HTTP_" + status : body.substring(from, to);
        }
    }

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).executor(Executors.newVirtualThreadPerTaskExecutor()).build();

    Answer get(URI uri, String token) throws IOException, InterruptedException {
        return send(request(uri, token).GET().build());
    }

    /** A plain-text read (the Prometheus endpoint answers 406 to an {@code Accept: application/json}). */
    Answer getText(URI uri) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri).timeout(REQUEST_TIMEOUT).header("Accept", "text/plain").GET().build());
    }

    Answer post(URI uri, String token, Object body) throws IOException, InterruptedException {
        return send(request(uri, token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body instanceof String s ? s : JSON.writeValueAsString(body)))
                .build());
    }

    Answer put(URI uri, String token, Object body) throws IOException, InterruptedException {
        return send(request(uri, token).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build());
    }

    private static HttpRequest.Builder request(URI uri, String token) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri).timeout(REQUEST_TIMEOUT).header("Accept", "application/json");
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        return builder;
    }

    private Answer send(HttpRequest request) throws IOException, InterruptedException {
        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
        return new Answer(response.statusCode(), response.body());
    }

    /** A call the bench cannot do without: anything but the expected status stops the run with the answer. */
    static JsonNode expect(int status, Answer answer, String what) {
        if (answer.status() != status) {
            throw new BenchFailure(what + " answered " + answer.status() + ": " + answer.body());
        }
        return answer.body().isEmpty() ? JSON.createObjectNode() : answer.json();
    }

    @Override
    public void close() {
        client.close();
    }
}

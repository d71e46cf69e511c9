package io.seckill.user.api;

import io.seckill.infra.embedded.WithEmbeddedInfra;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** HTTP helpers and the Spring Boot test setup (real embedded infrastructure, user-api on a random port). */
@WithEmbeddedInfra
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
public abstract class UserApiHttpTest {

    protected static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @LocalServerPort
    protected int port;

    protected record Answer(int status, HttpResponse<String> raw) {
        public JsonNode json() {
            return JSON.readTree(raw.body());
        }

        public String text(String field) {
            JsonNode node = json().get(field);
            return node == null || node.isNull() ? null : node.asString();
        }

        public String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }

        public String contentType() {
            return header("Content-Type");
        }
    }

    protected Answer post(String path, Object body) {
        return post(path, body, Map.of());
    }

    protected Answer post(String path, Object body, Map<String, String> headers) {
        String json = body instanceof String s ? s : JSON.writeValueAsString(body);
        return send(request(path, headers).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    protected Answer get(String path, Map<String, String> headers) {
        return send(request(path, headers).GET());
    }

    private HttpRequest.Builder request(String path, Map<String, String> headers) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10));
        headers.forEach(builder::header);
        return builder;
    }

    private static Answer send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    protected static Map<String, String> bearer(String accessToken) {
        return Map.of("Authorization", "Bearer " + accessToken);
    }

    /** A client address of its own, so per-IP limits of other tests do not interfere. */
    protected static Map<String, String> fromIp(String ip) {
        return Map.of("X-Forwarded-For", ip);
    }

    protected static String randomIp() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        // 198.18.0.0/15 (benchmarking range): not one of the proxy addresses Tomcat trusts, so it is the client.
        return "198." + r.nextInt(18, 20) + "." + r.nextInt(256) + "." + r.nextInt(1, 255);
    }

    protected static String randomMobile() {
        return "1" + ThreadLocalRandom.current().nextLong(3_000_000_000L, 9_999_999_999L);
    }
}

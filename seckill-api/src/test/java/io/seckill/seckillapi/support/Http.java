package io.seckill.seckillapi.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A small real-HTTP client for the tests: JSON in, status + body out. */
public final class Http {

    private static final JsonMapper json = JsonMapper.builder().build();
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;

    public Http(int port) {
        this.base = "http://127.0.0.1:" + port;
    }

    public record Response(int status, String body, HttpResponse<String> raw) {
        public JsonNode json() {
            return Http.json.readTree(body);
        }

        public String code() {
            return json().path("code").asString();
        }

        public String contentType() {
            return raw.headers().firstValue("Content-Type").orElse("");
        }
    }

    public Response get(String path, String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(15)).GET();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return send(request.build());
    }

    public Response post(String path, String token, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(15))
                .header("Content-Type", "application/json")
                .POST(body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return send(request.build());
    }

    /** A buyer's way to an attempt of one unit: captcha (its dev-profile answer), path, then the attempt. */
    public Response buyOne(long activity, String token) {
        Response captcha = get("/api/seckill/activities/" + activity + "/captcha", token);
        Response path = post("/api/seckill/activities/" + activity + "/path", token,
                "{\"captchaId\":\"" + captcha.json().path("captchaId").asString() + "\",\"answer\":\""
                        + captcha.json().path("devAnswer").asString() + "\"}");
        if (path.status() != 200) {
            throw new AssertionError("no path: " + path.status() + " " + path.body());
        }
        return post("/api/seckill/activities/" + activity + "/" + path.json().path("path").asString() + "/orders",
                token, "{\"quantity\":1}");
    }

    private Response send(HttpRequest request) {
        try {
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.body(), response);
        } catch (IOException e) {
            throw new AssertionError(request.uri() + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}

package io.seckill.compensation.alert;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** JSON POSTs to robot webhooks, 5 s at most; a non-2xx answer or a non-zero {@code errcode} is a failure. */
@Component
class Webhooks {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    private final JsonMapper json;

    Webhooks(JsonMapper json) {
        this.json = json;
    }

    void post(String url, Object body) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(TIMEOUT)
                .header("Content-Type", "application/json; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body))).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            throw new IOException(url.replaceAll("\\?.*", "") + " answered " + response.statusCode());
        }
        // Both robots answer 200 with {"errcode": n, "errmsg": …} and a non-zero code when they refuse the message.
        try {
            JsonNode answer = json.readTree(response.body());
            if (answer.path("errcode").asInt(0) != 0) {
                throw new IOException("robot refused: " + answer.path("errmsg").asString(""));
            }
        } catch (tools.jackson.core.JacksonException notJson) {
            // an answer without a body is fine
        }
    }

    static String markdown(Alert alert) {
        return "### [" + alert.severity() + "] " + alert.title() + "\n\n" + alert.text() + "\n\n> key: " + alert.key();
    }
}

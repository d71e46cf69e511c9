package io.seckill.devstack;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Finds the demo activity that admin-back's dev seeder keeps upcoming, through the public activity list (the
 * same call a customer makes, so a wrong route shows up at start, not in the browser).
 */
final class DemoActivity {

    /** The title admin-back's dev seeder gives the demo activity. */
    static final String TITLE = "Demo flash sale";
    private static final JsonMapper json = JsonMapper.builder().build();

    private DemoActivity() {
    }

    /** Asks a few times: the router and seckill-api may need a moment after both report healthy. */
    static String find(String baseUrl) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (true) {
            try {
                String id = findOnce(baseUrl);
                if (id != null || System.nanoTime() > deadline) {
                    return id;
                }
            } catch (DevStack.StartFailure e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
            }
            DevStack.sleepQuietly(500);
        }
    }

    private static String findOnce(String baseUrl) {
        try {
            HttpResponse<String> response = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(baseUrl + "/api/seckill/activities"))
                            .timeout(Duration.ofSeconds(10)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new DevStack.StartFailure("GET /api/seckill/activities answered " + response.statusCode()
                        + " through the router: " + response.body());
            }
            for (JsonNode item : json.readTree(response.body()).path("items")) {
                if (TITLE.equals(item.path("title").asString())) {
                    return item.path("id").asString();
                }
            }
            return null;
        } catch (IOException e) {
            throw new DevStack.StartFailure("the router did not answer GET /api/seckill/activities: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}

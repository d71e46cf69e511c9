package io.seckill.compensation.attempt;

import static org.assertj.core.api.Assertions.assertThat;

import io.seckill.compensation.support.CompensationTest;
import io.seckill.compensation.support.OrderServiceInJvm;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * order-service's compensation endpoint refuses callers without the shared secret and bad messages (4xx
 * problem+json), and answers a hanging-transaction hand-over for an unknown transaction with 404.
 */
class InternalEndpointTest extends CompensationTest {

    private static final HttpClient http = HttpClient.newHttpClient();

    @Test
    void refusesAMissingOrWrongSecretAndAnUnreadableMessage() throws Exception {
        Instant now = Instant.now();
        long activity = activity(now.minusSeconds(60), now.plusSeconds(3600), 3);
        long user = nextId();
        long reservation = reserve(activity, user, now);
        String message = reservationCreated(reservation, activity, user);

        expect(post(Long.toString(reservation), message, null), 401, "UNAUTHENTICATED");
        expect(post(Long.toString(reservation), message, "wrong"), 401, "UNAUTHENTICATED");
        expect(post(Long.toString(reservation), "{\"type\":\"Other\"}", OrderServiceInJvm.SECRET), 400, "VALIDATION_FAILED");
        expect(post("rsv-0", "{\"txId\":\"rsv-0\",\"hanging\":true}", OrderServiceInJvm.SECRET), 404, "NOT_FOUND");
        assertThat(ledger.reservation(activity, reservation)).containsEntry("state", "PENDING");

        HttpResponse<String> done = post(Long.toString(reservation), message, OrderServiceInJvm.SECRET);
        assertThat(done.statusCode()).isEqualTo(200);
        assertThat(json.readTree(done.body()).path("outcome").asString()).isEqualTo("COMMITTED");
        assertThat(ledger.reservation(activity, reservation)).containsEntry("state", "CONFIRMED");
    }

    private static HttpResponse<String> post(String key, String body, String secret) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(OrderServiceInJvm.shared().baseUrl() + "/internal/compensations/" + key))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        if (secret != null) {
            request.header("X-Internal-Secret", secret);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void expect(HttpResponse<String> response, int status, String code) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(json.readTree(response.body()).path("code").asString()).isEqualTo(code);
    }
}

package io.seckill.compensation.attempt;

import static org.assertj.core.api.Assertions.assertThat;

import io.seckill.compensation.support.CompensationTest;
import io.seckill.compensation.support.OrderServiceInJvm;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import io.seckill.tx.TransactionCoordinator;
import io.seckill.tx.TxContext;
import org.junit.jupiter.api.Test;

/**
 * order-service's compensation endpoint refuses callers without the shared secret and bad messages (4xx
 * problem+json), answers a hanging-transaction hand-over for an unknown transaction with 404, and rolls a
 * known one back exactly once.
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
        expect(post("0", hangingEnvelope("rsv-0"), OrderServiceInJvm.SECRET), 404, "NOT_FOUND");
        expect(post("rsv-0", "{\"txId\":\"rsv-0\",\"hanging\":true}", OrderServiceInJvm.SECRET), 404, "NOT_FOUND");
        // A hand-over filed under another reservation than its transaction's is refused, not guessed at.
        expect(post(Long.toString(reservation), hangingEnvelope("rsv-0"), OrderServiceInJvm.SECRET), 400, "VALIDATION_FAILED");
        assertThat(ledger.reservation(activity, reservation)).containsEntry("state", "PENDING");

        HttpResponse<String> done = post(Long.toString(reservation), message, OrderServiceInJvm.SECRET);
        assertThat(done.statusCode()).isEqualTo(200);
        assertThat(json.readTree(done.body()).path("outcome").asString()).isEqualTo("COMMITTED");
        assertThat(ledger.reservation(activity, reservation)).containsEntry("state", "CONFIRMED");
    }

    @Test
    void aHangingTransactionHandedOverByTheScannerIsRolledBackAndItsUnitsReturnOnce() throws Exception {
        Instant now = Instant.now();
        long activity = activity(now.minusSeconds(60), now.plusSeconds(3600), 3);
        long user = nextId();
        long reservation = reserve(activity, user, now);
        String txId = "rsv-" + reservation;
        // The order consumer began the transaction and died before its tries: TRYING, as the scanner finds it.
        OrderServiceInJvm.shared().bean(TransactionCoordinator.class).begin(new TxContext(txId, Map.of("reservationId",
                Long.toString(reservation), "activityId", Long.toString(activity), "userId", Long.toString(user),
                "quantity", "1", "unitPrice", "9.90")), List.of("reservation", "order"));
        assertThat(available(activity)).isEqualTo(2);

        HttpResponse<String> first = post(Long.toString(reservation), hangingEnvelope(txId), OrderServiceInJvm.SECRET);
        // The same case replayed from an archive row of a build before the envelope (key = transaction id).
        HttpResponse<String> again = post(txId, "{\"txId\":\"" + txId + "\",\"hanging\":true}", OrderServiceInJvm.SECRET);

        assertThat(json.readTree(first.body()).path("outcome").asString()).isEqualTo("ROLLED_BACK");
        assertThat(json.readTree(again.body()).path("outcome").asString()).isEqualTo("ROLLED_BACK");
        assertThat(ledger.reservation(activity, reservation)).containsEntry("state", "FAILED");
        assertThat(available(activity)).isEqualTo(3);
    }

    /** What order-service's hanging-transaction scanner sends (DESIGN.md §9 envelope). */
    private static String hangingEnvelope(String txId) {
        return """
                {"id":"%d","type":"TransactionHanging","version":1,"occurredAt":"%s","traceId":"t",
                 "payload":{"txId":"%s","attempts":3}}""".formatted(nextId(), Instant.now(), txId);
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

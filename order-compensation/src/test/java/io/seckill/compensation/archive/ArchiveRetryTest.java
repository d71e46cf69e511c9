package io.seckill.compensation.archive;

import static org.assertj.core.api.Assertions.assertThat;

import io.seckill.compensation.retry.CompensationMessage;
import io.seckill.compensation.support.CompensationTest;
import io.seckill.infra.embedded.TestTokens;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/** A batch retry of archived orders resolves them once; the same batch again calls nobody and changes nothing. */
class ArchiveRetryTest extends CompensationTest {

    private static final HttpClient http = HttpClient.newHttpClient();

    @Autowired
    ArchiveStore archives;

    @Test
    void aBatchRetryIsIdempotentAndAudited() throws Exception {
        Instant now = Instant.now();
        long activity = activity(now.minusSeconds(60), now.plusSeconds(3600), 5);
        long[] ids = new long[2];
        long[] reservations = new long[2];
        for (int i = 0; i < 2; i++) {
            long user = nextId();
            reservations[i] = reserve(activity, user, now);
            archives.archive(CompensationMessage.of(Long.toString(reservations[i]), reservationCreated(reservations[i], activity, user)), 3, "down");
            ids[i] = archives.findByReservation(reservations[i]).orElseThrow().id();
        }
        String body = "{\"ids\":[\"" + ids[0] + "\",\"" + ids[1] + "\",\"" + ids[0] + "\"]}";

        JsonNode first = json.readTree(retry(body).body());
        int forwarded = orderService.forwarded();
        HttpResponse<String> second = retry(body);

        assertThat(first.path("items")).hasSize(2);
        assertThat(first.path("items")).allSatisfy(item -> assertThat(item.path("status").asString()).isEqualTo("RESOLVED"));
        assertThat(second.statusCode()).isEqualTo(200);
        assertThat(json.readTree(second.body()).path("items")).allSatisfy(item -> assertThat(item.path("status").asString()).isEqualTo("RESOLVED"));
        assertThat(orderService.forwarded()).isEqualTo(forwarded);
        for (long reservation : reservations) {
            assertThat(ledger.reservation(activity, reservation)).containsEntry("state", "CONFIRMED");
        }
        assertThat(jdbc.sql("SELECT COUNT(*) FROM orders WHERE activity_id = ?").param(activity).query(Long.class).single()).isEqualTo(2);
        assertThat(available(activity)).isEqualTo(3);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_log WHERE action = 'ARCHIVE_RETRY' AND target_id IN (?, ?)")
                .params(Long.toString(ids[0]), Long.toString(ids[1])).query(Long.class).single()).isEqualTo(4);

        for (String bad : new String[] {"{\"ids\":[]}", "{\"ids\":[\"x\"]}", "{}", "[1]"}) {
            HttpResponse<String> refused = retry(bad);
            assertThat(refused.statusCode()).as(bad).isEqualTo(400);
            assertThat(json.readTree(refused.body()).path("code").asString()).as(bad).isIn("VALIDATION_FAILED", "MALFORMED_REQUEST");
        }
    }

    private HttpResponse<String> retry(String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/admin/archives/retry"))
                .header("Authorization", "Bearer " + TestTokens.adminToken(nextId(), "archive:retry"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}

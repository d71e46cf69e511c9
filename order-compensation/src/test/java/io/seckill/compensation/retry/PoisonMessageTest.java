package io.seckill.compensation.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import io.seckill.compensation.archive.ArchiveStore;
import io.seckill.compensation.archive.ArchivedOrder;
import io.seckill.compensation.ledger.LedgerReconciler;
import io.seckill.compensation.support.CompensationTest;
import io.seckill.infra.embedded.TestTokens;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.kafka.core.KafkaTemplate;
import tools.jackson.databind.JsonNode;

/**
 * A message order-service handed to compensation while its database is "down" (the proxy answers 503) goes
 * through every retry tier to the DLQ and the archive, alerting once per failure and urgently at archive time;
 * ops then retries it (twice) once order-service is back: the units return exactly once, and replaying the DLQ
 * changes nothing. A change of the retry settings applies to the next message without a restart.
 */
class PoisonMessageTest extends CompensationTest {

    private static final HttpClient http = HttpClient.newHttpClient();

    @Autowired
    KafkaTemplate<String, String> kafka;

    @Autowired
    ArchiveStore archives;

    @Autowired
    LedgerReconciler reconciler;

    @Autowired
    MeterRegistry meters;

    @AfterEach
    void orderServiceBack() {
        orderService.failing(false);
    }

    @Test
    void aPoisonMessageGoesThroughEveryTierToTheArchiveAndAnArchivedRetryReturnsTheStockExactlyOnce() throws Exception {
        setting("compensation.retry-intervals-seconds", "[1, 1, 1]");
        setting("compensation.max-retries", "3");
        String hook = "/wecom-poison-" + nextId();
        setting("alert.channels", "[{\"type\":\"wecom\",\"url\":\"" + webhooks.url(hook) + "\"}]");
        Instant now = Instant.now();
        long activity = activity(now.minusSeconds(60), now.plusSeconds(8), 5);
        long user = nextId();
        long reservation = reserve(activity, user, now);
        double archivedBefore = meters.get("failed.order.archived").counter().count();
        orderService.failing(true);

        kafka.send(CompensationTopics.MAIN, Long.toString(reservation), reservationCreated(reservation, activity, user)).get();

        ArchivedOrder archived = await().atMost(Duration.ofSeconds(60)).until(() -> archives.findByReservation(reservation).orElse(null),
                a -> a != null);
        assertThat(archived.status()).isEqualTo(ArchivedOrder.Status.UNRESOLVED);
        assertThat(archived.retries()).isEqualTo(3);
        assertThat(archived.activityId()).isEqualTo(activity);
        assertThat(archived.quantity()).isEqualTo(1);
        assertThat(attempts(reservation)).extracting(Attempt::stage)
                .containsExactly("COMPENSATION", "RETRY_10S", "RETRY_30S", "RETRY_60S");
        List<Attempt> attempts = attempts(reservation);
        for (int i = 1; i < attempts.size(); i++) {
            assertThat(Duration.between(attempts.get(i - 1).at(), attempts.get(i).at())).isGreaterThanOrEqualTo(Duration.ofMillis(900));
        }
        assertThat(meters.get("failed.order.archived").counter().count()).isEqualTo(archivedBefore + 1);
        await().atMost(Duration.ofSeconds(10)).until(() -> webhooks.calls(hook).size() >= 5);
        List<String> alerts = webhooks.calls(hook).stream().map(c -> json.readTree(c.body()).path("markdown").path("content").asString()).toList();
        assertThat(alerts).filteredOn(a -> a.contains("[WARNING]")).hasSize(4);
        assertThat(alerts).filteredOn(a -> a.contains("[URGENT]") && a.contains("archived")).hasSize(1);

        // Archived but still PENDING in Redis: in one place of the ledger, not two.
        assertThat(reconciler.reconcile(activity)).isEqualTo(new LedgerReconciler.Drift(activity, 0, 0));
        assertThat(available(activity)).isEqualTo(4);

        orderService.failing(false);
        await().atMost(Duration.ofSeconds(15)).until(() -> Instant.now().isAfter(now.plusSeconds(9)));
        String admin = TestTokens.adminToken(nextId(), "archive:retry");
        JsonNode first = json.readTree(retry(archived.id(), admin).body());
        assertThat(first.path("status").asString()).isEqualTo("ROLLED_BACK");
        assertThat(available(activity)).isEqualTo(5);
        assertThat(ledger.reservation(activity, reservation)).containsEntry("state", "FAILED");
        int forwarded = orderService.forwarded();

        HttpResponse<String> second = retry(archived.id(), admin);
        assertThat(second.statusCode()).isEqualTo(200);
        assertThat(json.readTree(second.body()).path("status").asString()).isEqualTo("ROLLED_BACK");
        assertThat(orderService.forwarded()).isEqualTo(forwarded);

        ProducerRecord<String, String> replay = new ProducerRecord<>(CompensationTopics.DLQ, Long.toString(reservation),
                reservationCreated(reservation, activity, user));
        replay.headers().add(CompensationTopics.ATTEMPTS_HEADER, "4".getBytes(StandardCharsets.UTF_8));
        kafka.send(replay).get();
        kafka.send(CompensationTopics.DLQ, Long.toString(reservation), reservationCreated(reservation, activity, user)).get();
        await().atMost(Duration.ofSeconds(20)).until(() -> attempts(reservation).size() == 6);
        assertThat(attempts(reservation).getLast().outcome()).isEqualTo("SUCCEEDED");
        assertThat(available(activity)).isEqualTo(5);
        assertThat(archives.findByReservation(reservation).orElseThrow().status()).isEqualTo(ArchivedOrder.Status.ROLLED_BACK);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM failed_order_archives WHERE reservation_id = ?").param(reservation)
                .query(Long.class).single()).isEqualTo(1);
        assertThat(reconciler.reconcile(activity)).isEqualTo(new LedgerReconciler.Drift(activity, 0, 0));
    }

    @Test
    void aChangedMaximumAndIntervalApplyWithoutARestart() throws Exception {
        setting("compensation.retry-intervals-seconds", "[3, 1, 1]");
        setting("compensation.max-retries", "1");
        Instant now = Instant.now();
        long activity = activity(now.minusSeconds(60), now.plusSeconds(3600), 5);
        long user = nextId();
        long reservation = reserve(activity, user, now);
        orderService.failing(true);

        kafka.send(CompensationTopics.MAIN, Long.toString(reservation), reservationCreated(reservation, activity, user)).get();

        ArchivedOrder archived = await().atMost(Duration.ofSeconds(60)).until(() -> archives.findByReservation(reservation).orElse(null),
                a -> a != null);
        assertThat(archived.retries()).isEqualTo(1);
        List<Attempt> attempts = attempts(reservation);
        assertThat(attempts).extracting(Attempt::stage).containsExactly("COMPENSATION", "RETRY_10S");
        assertThat(Duration.between(attempts.get(0).at(), attempts.get(1).at())).isGreaterThanOrEqualTo(Duration.ofMillis(2900));

        orderService.failing(false);
        String admin = TestTokens.adminToken(nextId(), "archive:retry");
        assertThat(json.readTree(retry(archived.id(), admin).body()).path("status").asString()).isEqualTo("RESOLVED");
        assertThat(ledger.reservation(activity, reservation)).containsEntry("state", "CONFIRMED");
        assertThat(jdbc.sql("SELECT status FROM orders WHERE reservation_id = ?").param(reservation).query(String.class).single())
                .isEqualTo("AWAITING_PAYMENT");
        assertThat(reconciler.reconcile(activity)).isEqualTo(new LedgerReconciler.Drift(activity, 0, 0));
        setting("compensation.retry-intervals-seconds", "[1, 1, 1]");
        setting("compensation.max-retries", "3");
    }

    record Attempt(String stage, String outcome, Instant at) {
    }

    private List<Attempt> attempts(long reservation) {
        return jdbc.sql("SELECT stage, outcome, created_at FROM compensation_log WHERE reservation_id = ? ORDER BY created_at, id")
                .param(reservation).query((r, n) -> new Attempt(r.getString(1), r.getString(2), r.getTimestamp(3).toInstant())).list();
    }

    private HttpResponse<String> retry(long id, String token) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/admin/archives/" + id + "/retry"))
                .header("Authorization", "Bearer " + token).POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }

}

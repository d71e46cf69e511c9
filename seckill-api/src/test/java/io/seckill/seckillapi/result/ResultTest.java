package io.seckill.seckillapi.result;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.seckill.infra.embedded.WithEmbeddedInfra;
import io.seckill.seckillapi.support.Catalog;
import io.seckill.seckillapi.support.Http;
import io.seckill.seckillapi.support.ServiceTest;
import io.seckill.infra.embedded.TestTokens;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.context.ActiveProfiles;

/**
 * QUEUED → CREATED(orderId) or FAILED(reason), by poll and by Server-Sent Events, fed by order events on the
 * real Kafka topic exactly as the order pipeline publishes them.
 */
@WithEmbeddedInfra
@ActiveProfiles("dev")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ResultTest extends ServiceTest {
    @Autowired
    KafkaTemplate<String, String> kafka;

    @Test
    void theStreamSaysQueuedThenCreatedAndThePollAgrees() throws Exception {
        Http http = new Http(port);
        Listening listening = acceptAndListen(http);
        String reservation = listening.reservation();
        String token = listening.token();
        List<String> events = listening.events();
        CompletableFuture<Void> stream = listening.stream();

        publish("OrderCreated", 1, "{\"orderId\":\"777\",\"reservationId\":\"" + reservation + "\"}");
        stream.get(15, TimeUnit.SECONDS);
        assertThat(events.getLast()).contains("\"status\":\"CREATED\"", "\"orderId\":\"777\"");

        Http.Response polled = http.get("/api/seckill/orders/" + reservation, token);
        assertThat(polled.json().path("status").asString()).isEqualTo("CREATED");
        assertThat(polled.json().path("orderId").asString()).isEqualTo("777");

        Http.Response foreign = http.get("/api/seckill/orders/" + reservation + "/events", TestTokens.customerToken(Catalog.nextId()));
        assertThat(foreign.status()).isEqualTo(404);
    }

    @Test
    void aFailedReservationCarriesItsReasonAndUnknownVersionsAreNotMisread() {
        Http http = new Http(port);
        long activity = new Catalog(jdbc, ledger).liveActivity(10, 1);
        String token = TestTokens.customerToken(Catalog.nextId());
        String reservation = accept(http, activity, token);

        publish("ReservationFailed", 2, "{\"reservationId\":\"" + reservation + "\",\"reason\":\"from the future\"}");
        publish("ReservationFailed", 1, "{\"reservationId\":\"" + reservation + "\",\"reason\":\"SOLD_OUT_IN_DATABASE\"}");
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            Http.Response polled = http.get("/api/seckill/orders/" + reservation, token);
            assertThat(polled.json().path("status").asString()).isEqualTo("FAILED");
            assertThat(polled.json().path("reason").asString()).isEqualTo("SOLD_OUT_IN_DATABASE");
        });
    }

    @Test
    void aBurstOfEventsIsRecordedTogetherWithTheUnreadableOnesSkipped() {
        Http http = new Http(port);
        long activity = new Catalog(jdbc, ledger).liveActivity(20, 1);
        java.util.Map<String, String> tokens = new java.util.LinkedHashMap<>();
        for (int i = 0; i < 10; i++) {
            String token = TestTokens.customerToken(Catalog.nextId());
            tokens.put(accept(http, activity, token), token);
        }
        // Sent without waiting, so the listener gets them in one or a few polls, garbage in between.
        List<String> reservations = List.copyOf(tokens.keySet());
        for (int i = 0; i < reservations.size(); i++) {
            String reservation = reservations.get(i);
            kafka.send("seckill.order.events", "order", "not json at all");
            kafka.send("seckill.order.events", "order", event("OrderPaid", 1, "{\"reservationId\":\"" + reservation + "\"}"));
            kafka.send("seckill.order.events", "order", i % 2 == 0
                    ? event("OrderCreated", 1, "{\"orderId\":\"" + (9000 + i) + "\",\"reservationId\":\"" + reservation + "\"}")
                    : event("ReservationFailed", 1, "{\"reservationId\":\"" + reservation + "\",\"reason\":\"DUPLICATE_ORDER\"}"));
        }
        kafka.flush();
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            for (int i = 0; i < reservations.size(); i++) {
                Http.Response polled = http.get("/api/seckill/orders/" + reservations.get(i), tokens.get(reservations.get(i)));
                if (i % 2 == 0) {
                    assertThat(polled.json().path("status").asString()).isEqualTo("CREATED");
                    assertThat(polled.json().path("orderId").asString()).isEqualTo(Integer.toString(9000 + i));
                } else {
                    assertThat(polled.json().path("status").asString()).isEqualTo("FAILED");
                    assertThat(polled.json().path("reason").asString()).isEqualTo("DUPLICATE_ORDER");
                }
            }
        });
    }

    /**
     * The results wake-up gets one announcement per order on every instance. Spring's listener container started a
     * platform thread for each message by default (~30,000 in a bench drain); now each runs on a virtual thread.
     * An open stream among a burst of announcements for other reservations is still woken.
     */
    @Test
    void aBurstOfResultAnnouncementsStartsNoThreadPerMessageAndStillWakesTheStream() throws Exception {
        Listening listening = acceptAndListen(new Http(port));
        String reservation = listening.reservation();
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        long platformThreadsBefore = threads.getTotalStartedThreadCount();

        for (int i = 0; i < 1_000; i++) {
            redis.convertAndSend(ReservationResults.CHANNEL, Long.toString(Catalog.nextId()));
        }
        // The result is recorded as the events listener does, and announced last.
        redis.opsForHash().putAll("seckill:result:" + reservation, java.util.Map.of("status", "CREATED", "orderId", "4242"));
        redis.convertAndSend(ReservationResults.CHANNEL, reservation);
        listening.stream().get(15, TimeUnit.SECONDS);

        assertThat(listening.events().getLast()).contains("\"status\":\"CREATED\"", "\"orderId\":\"4242\"");
        // Other parts of the service may start a few threads meanwhile; one per message would be over a thousand.
        assertThat(threads.getTotalStartedThreadCount() - platformThreadsBefore).isLessThan(50);
    }

    /** An accepted reservation of a new buyer, and its SSE stream, open and saying QUEUED. */
    private record Listening(String reservation, String token, List<String> events, CompletableFuture<Void> stream) {
    }

    private Listening acceptAndListen(Http http) {
        long activity = new Catalog(jdbc, ledger).liveActivity(10, 1);
        String token = TestTokens.customerToken(Catalog.nextId());
        String reservation = accept(http, activity, token);
        List<String> events = new CopyOnWriteArrayList<>();
        CompletableFuture<Void> stream = CompletableFuture.runAsync(() -> readStream(reservation, token, events));
        await().atMost(Duration.ofSeconds(10)).until(() -> events.stream().anyMatch(e -> e.contains("\"QUEUED\"")));
        return new Listening(reservation, token, events, stream);
    }

    private void publish(String type, int version, String payload) {
        kafka.send("seckill.order.events", "order", event(type, version, payload)).join();
    }

    private static String event(String type, int version, String payload) {
        return "{\"id\":\"" + Catalog.nextId() + "\",\"type\":\"" + type + "\",\"version\":" + version
                + ",\"occurredAt\":\"2026-11-25T00:00:00Z\",\"traceId\":\"t\",\"payload\":" + payload + "}";
    }

    private void readStream(String reservation, String token, List<String> events) {
        try {
            HttpResponse<java.io.InputStream> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + port + "/api/seckill/orders/" + reservation + "/events"))
                    .header("Authorization", "Bearer " + token).header("Accept", "text/event-stream").GET().build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    if (line.startsWith("data:")) {
                        events.add(line);
                    }
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String accept(Http http, long activity, String token) {
        Http.Response captcha = http.get("/api/seckill/activities/" + activity + "/captcha", token);
        Http.Response path = http.post("/api/seckill/activities/" + activity + "/path", token,
                "{\"captchaId\":\"" + captcha.json().path("captchaId").asString() + "\",\"answer\":\""
                        + captcha.json().path("devAnswer").asString() + "\"}");
        Http.Response attempt = http.post("/api/seckill/activities/" + activity + "/" + path.json().path("path").asString()
                + "/orders", token, "{\"quantity\":1}");
        assertThat(attempt.status()).as(attempt.body()).isEqualTo(202);
        return attempt.json().path("reservationId").asString();
    }
}

package io.seckill.compensation.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.seckill.compensation.support.CompensationTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * The DLQ backlog gauge counts the messages the DLQ consumer has not committed yet, and every metric of
 * DESIGN.md §11 is scraped under its exact name.
 */
class DlqBacklogTest extends CompensationTest {

    @Autowired
    DlqBacklog backlog;

    @Autowired
    KafkaListenerEndpointRegistry listeners;

    @Autowired
    KafkaTemplate<String, String> kafka;

    @Test
    void theBacklogCountsUnconsumedDlqMessagesAndDropsOnceTheyAreHandled() throws Exception {
        setting("compensation.retry-intervals-seconds", "[1, 1, 1]");
        setting("compensation.max-retries", "3");
        var dlq = listeners.getListenerContainer("compensation-dlq");
        await().atMost(Duration.ofSeconds(30)).until(() -> backlog.measureNow() == 0);
        dlq.stop();
        try {
            for (int i = 0; i < 3; i++) {
                long reservation = nextId();
                kafka.send(CompensationTopics.DLQ, "rsv-" + reservation, "{\"txId\":\"rsv-" + reservation + "\",\"hanging\":true}").get();
            }
            assertThat(backlog.measureNow()).isEqualTo(3);
            backlog.measure();
            assertThat(scrape()).contains("compensation_dlq_backlog{application=\"order-compensation\"} 3.0");
        } finally {
            dlq.start();
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> backlog.measureNow() == 0);
    }

    @Test
    void theCompensationMetricsAreScrapedUnderTheirContractNames() throws Exception {
        String metrics = scrape();

        assertThat(metrics).contains("compensation_attempt_total{", "compensation_success_total{", "compensation_retry_bucket{",
                "compensation_retry_count{", "failed_order_archived_total{", "compensation_dlq_backlog{");
    }

    private String scrape() throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/prometheus")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }
}

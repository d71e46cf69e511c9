package io.seckill.compensation.retry;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.seckill.compensation.alert.Alert;
import io.seckill.compensation.alert.Alerts;
import io.seckill.compensation.archive.ArchiveStore;
import io.seckill.compensation.archive.ArchivedOrder;
import io.seckill.compensation.attempt.Compensator;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/**
 * What happens after an attempt (DESIGN.md §5): success → done (an open archive row of the reservation is
 * resolved: the retry record is cleared); failure → one alert and the next tier, or the DLQ once the tiers or
 * the retries ({@code compensation.max-retries}) are used up; in the DLQ, over the maximum → archive and an
 * urgent alert. The number of failed attempts rides on the message ({@value CompensationTopics#ATTEMPTS_HEADER}).
 * Every forward is acknowledged by Kafka before the caller commits the offset.
 */
@Component
public class RetryRouter {

    private static final Logger log = LoggerFactory.getLogger(RetryRouter.class);

    private final Compensator compensator;
    private final RetryPolicy policy;
    private final KafkaTemplate<String, String> kafka;
    private final Alerts alerts;
    private final ArchiveStore archives;
    private final Counter archived;

    RetryRouter(Compensator compensator, RetryPolicy policy, KafkaTemplate<String, String> kafka, Alerts alerts,
                ArchiveStore archives, MeterRegistry meters) {
        this.compensator = compensator;
        this.policy = policy;
        this.kafka = kafka;
        this.alerts = alerts;
        this.archives = archives;
        this.archived = Counter.builder("failed.order.archived").description("reservations archived after the last retry").register(meters);
    }

    /** An attempt on the main topic or a tier; afterwards the message is done or forwarded. */
    void attemptAndForward(ConsumerRecord<String, String> record, String stage) throws Exception {
        CompensationMessage message = CompensationMessage.of(record.key(), record.value());
        int attempt = attempts(record) + 1;
        Compensator.Result result = compensator.attempt(message, attempt, stage);
        if (result.ok()) {
            clearArchive(message, result.outcome());
            return;
        }
        failureAlert(message, attempt, stage, result.error());
        int retriesDone = attempt - 1;
        boolean tierLeft = retriesDone < CompensationTopics.TIERS.size() && retriesDone < policy.maxRetries();
        forward(tierLeft ? CompensationTopics.TIERS.get(retriesDone) : CompensationTopics.DLQ, message, attempt, result.error());
    }

    /** The DLQ consumer: retries left → attempt (and back to the DLQ on failure); none left → archive. */
    void dlq(ConsumerRecord<String, String> record) throws Exception {
        CompensationMessage message = CompensationMessage.of(record.key(), record.value());
        int failed = attempts(record);
        int retriesDone = Math.max(0, failed - 1);
        if (retriesDone >= policy.maxRetries() && failed > 0) {
            archive(message, retriesDone, header(record, CompensationTopics.ERROR_HEADER));
            return;
        }
        Compensator.Result result = compensator.attempt(message, failed + 1, "DLQ");
        if (result.ok()) {
            clearArchive(message, result.outcome());
            return;
        }
        failureAlert(message, failed + 1, "DLQ", result.error());
        forward(CompensationTopics.DLQ, message, failed + 1, result.error());
    }

    private void archive(CompensationMessage message, int retries, String error) {
        if (archives.archive(message, retries, error)) {
            archived.increment();
            alerts.raise(new Alert(Alert.Severity.URGENT, "archived:" + message.key(), "Order archived after " + retries + " retries",
                    "Reservation " + message.reservationOrZero() + " (activity " + message.activityId() + ", user " + message.userId()
                            + ", " + message.quantity() + " unit(s)) could not be compensated and is in failed_order_archives."
                            + " Last error: " + error + ". Retry it from /api/admin/archives."));
            log.error("reservation {} archived after {} retries: {}", message.key(), retries, error);
        } else {
            log.warn("reservation {} was archived before; the replay changes nothing", message.key());
        }
    }

    private void clearArchive(CompensationMessage message, String outcome) {
        archives.findByReservation(message.reservationOrZero()).filter(a -> !a.status().isFinal()).ifPresent(open -> {
            if (archives.startRetry(open.id())) {
                archives.resolve(open.id(), "COMMITTED".equals(outcome) ? ArchivedOrder.Status.RESOLVED : ArchivedOrder.Status.ROLLED_BACK, "system");
            }
        });
    }

    private void failureAlert(CompensationMessage message, int attempt, String stage, String error) {
        alerts.raise(new Alert(Alert.Severity.WARNING, "compensation-failed:" + message.key() + ":" + attempt,
                "Compensation attempt " + attempt + " failed", "Reservation " + message.reservationOrZero() + ", stage " + stage
                        + ": " + error));
    }

    private void forward(String topic, CompensationMessage message, int attempts, String error) throws Exception {
        ProducerRecord<String, String> next = new ProducerRecord<>(topic, message.key(), message.payload());
        next.headers().add(CompensationTopics.ATTEMPTS_HEADER, Integer.toString(attempts).getBytes(StandardCharsets.UTF_8));
        if (error != null) {
            String cut = error.length() <= 1000 ? error : error.substring(0, 1000);
            next.headers().add(CompensationTopics.ERROR_HEADER, cut.getBytes(StandardCharsets.UTF_8));
        }
        kafka.send(next).get(10, TimeUnit.SECONDS);
    }

    static int attempts(ConsumerRecord<String, String> record) {
        String value = header(record, CompensationTopics.ATTEMPTS_HEADER);
        try {
            return value == null ? 0 : Math.max(0, Integer.parseInt(value));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}

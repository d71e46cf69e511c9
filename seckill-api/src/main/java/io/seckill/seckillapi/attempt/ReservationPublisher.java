package io.seckill.seckillapi.attempt;

import io.seckill.kernel.event.EventEnvelope;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Sends {@link ReservationCreated} and waits for the broker's acknowledgement ({@code acks=all}, idempotent
 * producer; see application.yml): "accepted" is only ever answered for a reservation Kafka has.
 */
@Component
class ReservationPublisher {

    private final KafkaTemplate<String, String> kafka;
    private final JsonMapper json;
    private final Duration timeout;

    ReservationPublisher(KafkaTemplate<String, String> kafka, JsonMapper json,
                         @Value("${seckill.attempt.send-timeout:5s}") Duration timeout) {
        this.kafka = kafka;
        this.json = json;
        this.timeout = timeout;
    }

    /** @throws QueueUnavailable when the broker did not acknowledge in time */
    void publish(EventEnvelope<ReservationCreated> event) {
        String value = json.writeValueAsString(event);
        try {
            kafka.send(ReservationCreated.TOPIC, event.payload().activityId(), value)
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            throw new QueueUnavailable(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new QueueUnavailable(e);
        }
    }

    static final class QueueUnavailable extends RuntimeException {
        QueueUnavailable(Throwable cause) {
            super("Kafka did not acknowledge the reservation", cause);
        }
    }
}

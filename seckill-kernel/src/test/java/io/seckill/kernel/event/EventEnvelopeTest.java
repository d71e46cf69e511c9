package io.seckill.kernel.event;

import org.junit.jupiter.api.Test;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EventEnvelopeTest {

    record ReservationCreated(String reservationId, long activityId, long userId) {
    }

    @Test
    void roundTripsThroughJsonWithItsTypedPayload() {
        JsonMapper json = JsonMapper.builder().build();
        EventEnvelope<ReservationCreated> event = EventEnvelope.of(42L, "ReservationCreated", 1,
                Instant.parse("2026-11-25T10:00:00.123Z"), "trace-1", new ReservationCreated("r1", 7, 9));

        String text = json.writeValueAsString(event);
        assertThat(text).contains("\"id\":\"42\"", "\"type\":\"ReservationCreated\"", "\"version\":1",
                "\"traceId\":\"trace-1\"", "\"occurredAt\":\"2026-11-25T10:00:00.123Z\"");

        EventEnvelope<ReservationCreated> back = json.readValue(text, new TypeReference<>() {
        });
        assertThat(back).isEqualTo(event);
    }

    @Test
    void aMissingTraceIdFallsBackToTheEventId() {
        var event = EventEnvelope.of(5L, "X", 1, Instant.now(), null, "p");
        assertThat(event.traceId()).isEqualTo("5");
    }

    @Test
    void refusesAnIncompleteEnvelope() {
        assertThatThrownBy(() -> new EventEnvelope<>("", "X", 1, Instant.now(), null, "p"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new EventEnvelope<>("1", "X", 0, Instant.now(), null, "p"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new EventEnvelope<>("1", "X", 1, Instant.now(), null, null))
                .isInstanceOf(NullPointerException.class);
    }
}

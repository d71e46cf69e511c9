package io.seckill.seckillapi.result;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Feeds the result endpoints from {@code seckill.order.events} (DESIGN.md §9). The contract this side reads,
 * version 1 of each type (see docs/seckill-api.md): {@code OrderCreated {orderId, reservationId}} and
 * {@code ReservationFailed {reservationId, reason}}. Other types are for other consumers and are skipped; a
 * newer version of a known type is skipped with a warning rather than misread.
 */
@Component
class OrderEventsListener {

    static final String TOPIC = "seckill.order.events";
    private static final Logger log = LoggerFactory.getLogger(OrderEventsListener.class);

    private final ReservationResults results;
    private final JsonMapper json;

    OrderEventsListener(ReservationResults results, JsonMapper json) {
        this.results = results;
        this.json = json;
    }

    /**
     * A poll's events at once: their results are written in one Redis pipeline (hash, TTL and wake-up of each),
     * not three round trips per event. One at a time, this listener took half a core and capped the results at
     * about 3,000/s while the order pipeline drained a sale (docs/seckill-api.md "Measured").
     */
    @KafkaListener(topics = TOPIC, groupId = "seckill-api-results", batch = "true")
    void onEvents(List<String> values) {
        Map<Long, ReservationResults.Outcome> outcomes = new LinkedHashMap<>();
        for (String value : values) {
            read(value, outcomes);
        }
        results.recordAll(outcomes);
    }

    private void read(String value, Map<Long, ReservationResults.Outcome> outcomes) {
        JsonNode event;
        try {
            event = json.readTree(value);
        } catch (RuntimeException e) {
            log.warn("skipping an unreadable order event");
            return;
        }
        String type = event.path("type").asString("");
        if (!type.equals("OrderCreated") && !type.equals("ReservationFailed")) {
            return;
        }
        if (event.path("version").asInt() != 1) {
            log.warn("skipping {} version {}: this seckill-api reads version 1", type, event.path("version").asInt());
            return;
        }
        JsonNode payload = event.path("payload");
        long reservationId;
        try {
            reservationId = Long.parseLong(payload.path("reservationId").asString(""));
        } catch (NumberFormatException e) {
            log.warn("skipping {} {} without a reservation id", type, event.path("id").asString());
            return;
        }
        // A later event of the same reservation in the poll wins, as it did when they were written one by one.
        outcomes.remove(reservationId);
        outcomes.put(reservationId, type.equals("OrderCreated")
                ? new ReservationResults.Outcome("CREATED", payload.path("orderId").asString(), null)
                : new ReservationResults.Outcome("FAILED", null, payload.path("reason").asString("")));
    }
}

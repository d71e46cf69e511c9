package io.seckill.order.outbox;

import io.seckill.kernel.event.EventEnvelope;
import io.seckill.kernel.id.IdGenerator;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes events into {@code outbox_events} inside the caller's local transaction: an order's state and the event
 * announcing it commit together or not at all (no dual write); {@link OutboxRelay} publishes them afterwards.
 */
@Component
public class Outbox {

    public static final String ORDER_EVENTS = "seckill.order.events";

    private final JdbcClient jdbc;
    private final IdGenerator ids;
    private final Clock clock;
    private final JsonMapper json;

    Outbox(JdbcClient jdbc, IdGenerator ids, Clock clock, JsonMapper json) {
        this.jdbc = jdbc;
        this.ids = ids;
        this.clock = clock;
        this.json = json;
    }

    /** An event for {@link #addAllNew}: its aggregate id, Kafka key and payload. */
    public record NewEvent(String aggregateId, String key, Object payload) {
    }

    /**
     * Adds one {@code eventType} event per entry in one multi-row insert, with the same envelope as
     * {@link #addOnce}. For a caller that knows none of them was added before (the batch confirm: its fence
     * rows moved from TRIED just now), so no lookup per event.
     */
    public void addAllNew(String aggregateType, String eventType, List<NewEvent> events) {
        if (events.isEmpty()) {
            return;
        }
        Instant now = clock.instant();
        StringBuilder sql = new StringBuilder(
                "INSERT INTO outbox_events (id, aggregate_type, aggregate_id, event_type, topic, message_key, payload) VALUES ");
        List<Object> params = new ArrayList<>(events.size() * 7);
        for (NewEvent e : events) {
            long id = ids.nextId();
            sql.append(params.isEmpty() ? "" : ", ").append("(?, ?, ?, ?, ?, ?, ?)");
            params.addAll(Arrays.asList(id, aggregateType, e.aggregateId(), eventType, ORDER_EVENTS, e.key(),
                    json.writeValueAsString(EventEnvelope.of(id, eventType, 1, now, null, e.payload()))));
        }
        jdbc.sql(sql.toString()).params(params).update();
    }

    /** Adds one event for {@code aggregateType/aggregateId}, unless the same event type was already added for it. */
    public void addOnce(String aggregateType, String aggregateId, String eventType, String key, Object payload) {
        boolean already = jdbc.sql("SELECT COUNT(*) FROM outbox_events WHERE aggregate_type = ? AND aggregate_id = ? AND event_type = ?")
                .params(aggregateType, aggregateId, eventType).query(Integer.class).single() > 0;
        if (already) {
            return;
        }
        long id = ids.nextId();
        EventEnvelope<Object> event = EventEnvelope.of(id, eventType, 1, clock.instant(), null, payload);
        jdbc.sql("""
                INSERT INTO outbox_events (id, aggregate_type, aggregate_id, event_type, topic, message_key, payload)
                VALUES (?, ?, ?, ?, ?, ?, ?)""")
                .params(id, aggregateType, aggregateId, eventType, ORDER_EVENTS, key, json.writeValueAsString(event))
                .update();
    }
}

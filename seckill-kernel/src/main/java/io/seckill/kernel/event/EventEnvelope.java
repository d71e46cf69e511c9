package io.seckill.kernel.event;

import java.time.Instant;
import java.util.Objects;

/**
 * Every Kafka record is this envelope around a typed payload (DESIGN.md §9). {@code version} is the payload's
 * schema version: consumers refuse versions they do not know instead of guessing. {@code id} is the event id
 * consumers deduplicate on; {@code traceId} ties the event to the request that caused it.
 */
public record EventEnvelope<T>(String id, String type, int version, Instant occurredAt, String traceId, T payload) {

    public EventEnvelope {
        requireText(id, "id");
        requireText(type, "type");
        if (version < 1) {
            throw new IllegalArgumentException("event version starts at 1, was " + version);
        }
        Objects.requireNonNull(occurredAt, "occurredAt");
        Objects.requireNonNull(payload, "payload");
        traceId = traceId == null || traceId.isBlank() ? id : traceId;
    }

    public static <T> EventEnvelope<T> of(long id, String type, int version, Instant occurredAt, String traceId, T payload) {
        return new EventEnvelope<>(Long.toString(id), type, version, occurredAt, traceId, payload);
    }

    /** The same event, another payload object (after mapping a generic JSON payload into its record, say). */
    public <R> EventEnvelope<R> withPayload(R newPayload) {
        return new EventEnvelope<>(id, type, version, occurredAt, traceId, newPayload);
    }

    private static void requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("event " + name + " is required");
        }
    }
}

package io.seckill.compensation.retry;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A message of {@code seckill.order.compensation} as order-service sends it: {@code ReservationCreated} v1 or
 * {@code TransactionHanging} v1 from the hanging-transaction scanner (payload {@code txId}, {@code attempts}),
 * both keyed by the reservation id. Hand-overs of builds before 2026-12-02 were {@code {"txId":…,"hanging":true}}
 * keyed by the transaction id ({@code rsv-<reservation id>} for order transactions); archived ones still replay.
 * The payload travels verbatim; the ids are read for the logs and the archive, and are null when the payload
 * cannot be read (it is archived anyway).
 */
public record CompensationMessage(String key, String payload, Long reservationId, Long activityId, Long userId,
                                  Integer quantity) {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** The hand-over's event type (order-service's {@code TransactionHanging}). */
    static final String HANGING = "TransactionHanging";

    public static CompensationMessage of(String key, String payload) {
        Long reservation = null;
        Long activity = null;
        Long user = null;
        Integer quantity = null;
        try {
            JsonNode node = JSON.readTree(payload);
            if (node.path("hanging").asBoolean(false)) {
                reservation = ofOrderTransaction(node.path("txId").asString(""));
            } else if (HANGING.equals(node.path("type").asString(null))) {
                reservation = ofOrderTransaction(node.path("payload").path("txId").asString(""));
            } else {
                JsonNode p = node.path("payload");
                reservation = parse(p.path("reservationId").asString(null));
                activity = parse(p.path("activityId").asString(null));
                user = parse(p.path("userId").asString(null));
                quantity = p.path("quantity").canConvertToInt() && p.path("quantity").asInt() > 0 ? p.path("quantity").asInt() : null;
            }
        } catch (RuntimeException unreadable) {
            // kept as it is: the archive never refuses a message
        }
        if (reservation == null) {
            reservation = parse(key);
        }
        return new CompensationMessage(key == null ? "" : key, payload, reservation, activity, user, quantity);
    }

    /** The message rebuilt from an archive row: the key is the transaction id for a hanging one of the old shape. */
    public static CompensationMessage archived(long reservationId, String payload) {
        String key = Long.toString(reservationId);
        try {
            JsonNode node = JSON.readTree(payload);
            if (node.path("hanging").asBoolean(false)) {
                key = node.path("txId").asString(key);
            }
        } catch (RuntimeException unreadable) {
            // the reservation id stays the key
        }
        return of(key, payload);
    }

    /** The id logs and the archive are filed under: the reservation, or 0 when even the key is not one. */
    public long reservationOrZero() {
        return reservationId == null ? 0 : reservationId;
    }

    private static Long ofOrderTransaction(String txId) {
        return txId.startsWith("rsv-") ? parse(txId.substring(4)) : null;
    }

    private static Long parse(String id) {
        try {
            return id == null ? null : Long.parseLong(id);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}

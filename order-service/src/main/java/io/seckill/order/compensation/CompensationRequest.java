package io.seckill.order.compensation;

import java.math.BigDecimal;
import java.util.Map;
import java.util.Objects;
import io.seckill.order.pipeline.TransactionHanging;
import io.seckill.tx.TxContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What reaches {@code seckill.order.compensation} (read from the two senders): {@code ReservationCreated} v1 as
 * the order consumer received it (transient failure, key = reservation id), or {@code TransactionHanging} v1 from
 * the hanging-transaction scanner (key = reservation id). Hand-overs of builds before 2026-12-02 were
 * {@code {"txId":…,"hanging":true}} keyed by the transaction id; archived ones are still replayed, so they parse.
 */
record CompensationRequest(String txId, Reservation reservation) {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    record Reservation(long reservationId, long activityId, long userId, int quantity, BigDecimal unitPrice) {

        /**
         * The same transaction id and attributes as the order consumer's {@code pipeline.Reservation} (kept
         * package-private there; copied rather than widening a file another change is editing), so a compensation
         * resumes the consumer's transaction instead of starting a second one.
         */
        TxContext transaction() {
            return new TxContext("rsv-" + reservationId, Map.of("reservationId", Long.toString(reservationId),
                    "activityId", Long.toString(activityId), "userId", Long.toString(userId),
                    "quantity", Integer.toString(quantity), "unitPrice", unitPrice.toPlainString()));
        }
    }

    boolean hanging() {
        return reservation == null;
    }

    /** @return null when the message is neither shape */
    static CompensationRequest parse(String key, String message) {
        try {
            JsonNode node = JSON.readTree(message);
            if (node.path("hanging").asBoolean(false) && node.path("txId").isString()) {
                return new CompensationRequest(node.path("txId").asString(), null);
            }
            if (TransactionHanging.TYPE.equals(node.path("type").asString(null))) {
                String txId = node.path("payload").path("txId").asString("");
                boolean shaped = node.path("version").asInt() == TransactionHanging.VERSION && !txId.isBlank()
                        && Objects.equals(key, TransactionHanging.keyOf(txId));
                return shaped ? new CompensationRequest(txId, null) : null;
            }
            if (!"ReservationCreated".equals(node.path("type").asString()) || node.path("version").asInt() != 1) {
                return null;
            }
            JsonNode p = node.path("payload");
            Reservation r = new Reservation(Long.parseLong(p.path("reservationId").asString()),
                    Long.parseLong(p.path("activityId").asString()), Long.parseLong(p.path("userId").asString()),
                    p.path("quantity").asInt(), new BigDecimal(p.path("unitPrice").asString()));
            if (r.quantity() < 1 || !key.equals(Long.toString(r.reservationId()))) {
                return null;
            }
            return new CompensationRequest(r.transaction().txId(), r);
        } catch (RuntimeException e) {
            return null;
        }
    }
}

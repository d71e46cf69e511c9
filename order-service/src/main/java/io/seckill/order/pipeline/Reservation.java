package io.seckill.order.pipeline;

import io.seckill.tx.TxContext;
import java.math.BigDecimal;
import java.util.Map;

/**
 * An accepted reservation as {@code ReservationCreated} v1 carries it (seckill-api, topic seckill.order.create),
 * and its global transaction: the transaction id is derived from the reservation id, so a redelivery resumes
 * the same transaction instead of creating a second order.
 */
record Reservation(long reservationId, long activityId, long userId, int quantity, BigDecimal unitPrice) {

    static final String RESERVATION = "reservationId";
    static final String ACTIVITY = "activityId";
    static final String USER = "userId";
    static final String QUANTITY = "quantity";
    static final String PRICE = "unitPrice";
    /** Order transactions are {@code rsv-<reservation id>}. */
    static final String TX_PREFIX = "rsv-";

    /** The id of the reservation's global transaction. */
    String txId() {
        return TX_PREFIX + reservationId;
    }

    TxContext transaction() {
        return new TxContext(txId(), Map.of(RESERVATION, Long.toString(reservationId),
                ACTIVITY, Long.toString(activityId), USER, Long.toString(userId),
                QUANTITY, Integer.toString(quantity), PRICE, unitPrice.toPlainString()));
    }

    static Reservation of(TxContext tx) {
        return new Reservation(tx.getLong(RESERVATION), tx.getLong(ACTIVITY), tx.getLong(USER),
                Integer.parseInt(tx.get(QUANTITY)), new BigDecimal(tx.get(PRICE)));
    }
}

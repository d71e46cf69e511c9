package io.seckill.seckillapi.attempt;

import io.seckill.kernel.money.Money;
import java.time.Instant;

/**
 * The message that hands an accepted buyer to the order pipeline (topic {@code seckill.order.create}, key =
 * activity id, envelope type {@value #TYPE} version {@value #VERSION}). Ids are strings, as everywhere in JSON.
 */
public record ReservationCreated(String reservationId, String activityId, String userId, int quantity,
                                 Money unitPrice, Instant reservedAt) {

    public static final String TYPE = "ReservationCreated";
    public static final int VERSION = 1;
    public static final String TOPIC = "seckill.order.create";
}

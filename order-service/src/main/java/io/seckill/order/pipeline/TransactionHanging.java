package io.seckill.order.pipeline;

/**
 * Payload of the hanging-transaction hand-over on {@code seckill.order.compensation} (type
 * {@value #TYPE} v{@value #VERSION} in the envelope of DESIGN.md §9; key = the reservation id, as every record of
 * that topic): the scanner gave up re-driving {@code txId} after {@code attempts} automatic attempts.
 */
public record TransactionHanging(String txId, int attempts) {

    public static final String TYPE = "TransactionHanging";
    public static final int VERSION = 1;

    /** The record key: the reservation an order transaction ({@code rsv-<reservation id>}) is for, else the id. */
    public static String keyOf(String txId) {
        return txId.startsWith(Reservation.TX_PREFIX) ? txId.substring(Reservation.TX_PREFIX.length()) : txId;
    }
}

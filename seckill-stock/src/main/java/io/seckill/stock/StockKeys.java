package io.seckill.stock;

/**
 * The Redis keys of DESIGN.md §8. Every key of one activity carries the hash tag {@code {a:<id>}}, so a Lua
 * script touching several of them runs unchanged on Redis Cluster (one slot).
 */
public final class StockKeys {

    /** Pub/sub channel: an activity sold out; every seckill-api instance sets its local flag. */
    public static final String SOLD_OUT_CHANNEL = "seckill:soldout";

    private StockKeys() {
    }

    public static String stock(long activityId) {
        return tag(activityId) + ":stock";
    }

    public static String buyers(long activityId) {
        return tag(activityId) + ":buyers";
    }

    public static String pending(long activityId) {
        return tag(activityId) + ":pending";
    }

    public static String reservation(long activityId, long reservationId) {
        return tag(activityId) + ":res:" + reservationId;
    }

    public static String path(long activityId, long userId) {
        return "path:{a:" + activityId + "}:" + userId;
    }

    private static String tag(long activityId) {
        return "seckill:{a:" + activityId + "}";
    }
}

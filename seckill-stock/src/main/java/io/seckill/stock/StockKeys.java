package io.seckill.stock;

/**
 * The Redis keys of DESIGN.md §8. Every key of one activity carries the hash tag {@code {a:<id>}}, so a Lua
 * script touching several of them runs unchanged on Redis Cluster (one slot).
 */
public final class StockKeys {

    /** Pub/sub channel: an activity sold out; every seckill-api instance sets its local flag. */
    public static final String SOLD_OUT_CHANNEL = "seckill:soldout";

    /**
     * Pub/sub channel: an activity (its id as the message) or its product changed in the admin backend; every
     * seckill-api instance drops it from both cache levels. admin-back publishes after each committed change.
     */
    public static final String ACTIVITY_CHANGED_CHANNEL = "seckill:activity:changed";

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

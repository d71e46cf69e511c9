package io.seckill.stock;

import java.time.Instant;

/**
 * What a preheat loads for one activity.
 *
 * @param liveOrderUnits units held by live orders in MySQL (PREPARED, AWAITING_PAYMENT, PAID): never handed out again
 */
public record StockPlan(long activityId, int total, int perUserLimit, Instant start, Instant end, long liveOrderUnits) {

    public StockPlan {
        if (total < 0 || perUserLimit < 1 || liveOrderUnits < 0 || !end.isAfter(start)) {
            throw new IllegalArgumentException("inconsistent stock plan for activity " + activityId);
        }
    }
}

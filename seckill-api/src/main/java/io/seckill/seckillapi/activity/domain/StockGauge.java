package io.seckill.seckillapi.activity.domain;

import java.util.OptionalInt;

/** Approximate units left, as the stock Redis sees them (absent before the activity is preheated). */
public interface StockGauge {

    OptionalInt available(long activityId);
}

package io.seckill.seckillapi.activity.infrastructure;

import io.seckill.seckillapi.activity.domain.StockGauge;
import java.util.OptionalInt;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;

/** Reads {@code available} from the activity's stock hash (DESIGN.md §8). */
@Component
class RedisStockGauge implements StockGauge {

    private final StringRedisTemplate redis;

    RedisStockGauge(StringRedisTemplate redis) {
        this.redis = redis;
    }

    @Override
    public OptionalInt available(long activityId) {
        Object value = redis.opsForHash().get("seckill:{a:" + activityId + "}:stock", "available");
        if (value == null) {
            return OptionalInt.empty();
        }
        return OptionalInt.of(Math.max(0, Integer.parseInt(value.toString())));
    }
}

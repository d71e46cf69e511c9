package io.seckill.seckillapi.activity.infrastructure;

import io.seckill.seckillapi.activity.domain.StockGauge;
import io.seckill.stock.StockLedger;
import java.util.OptionalInt;
import org.springframework.stereotype.Component;

/** Reads {@code available} from the activity's stock hash on the stock Redis (DESIGN.md §8). */
@Component
class RedisStockGauge implements StockGauge {

    private final StockLedger ledger;

    RedisStockGauge(StockLedger ledger) {
        this.ledger = ledger;
    }

    @Override
    public OptionalInt available(long activityId) {
        return ledger.available(activityId).stream().mapToInt(units -> (int) Math.max(0, units)).findFirst();
    }
}

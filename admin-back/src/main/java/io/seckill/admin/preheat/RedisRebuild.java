package io.seckill.admin.preheat;

import io.seckill.stock.StockLedger;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The recovery rebuild of DESIGN.md §6 for what the stock hash alone does not carry: when Redis has lost an
 * activity (a restart without persistence, a failover), its buyer slots and the live orders' CONFIRMED reservation
 * records are restored from MySQL's {@code orders} before the preheat rebuilds the stock hash. Without it a buyer
 * who already has an order was accepted again (and then refused by the orders' unique key: "accepted, then
 * failed"), and a later cancel of an order found no reservation to release, so its unit never went back on sale.
 */
@Component
public class RedisRebuild {

    private static final Logger log = LoggerFactory.getLogger(RedisRebuild.class);

    private final StockLedger ledger;
    private final JdbcClient jdbc;

    RedisRebuild(StockLedger ledger, JdbcClient jdbc) {
        this.ledger = ledger;
        this.jdbc = jdbc;
    }

    /**
     * Call right before the preheat, under its lock. Does nothing while the stock hash exists: then Redis still
     * has the activity, and its buyer slots are its own (newer than MySQL's orders while attempts run).
     *
     * @return the buyer slots restored
     */
    public long restoreIfLost(long activityId) {
        if (!ledger.stock(activityId).isEmpty()) {
            return 0;
        }
        List<StockLedger.OrderSlot> orders = jdbc.sql("""
                SELECT user_id, reservation_id, id, quantity, status IN ('AWAITING_PAYMENT', 'PAID')
                  FROM orders WHERE activity_id = ?""")
                .param(activityId)
                .query((r, n) -> new StockLedger.OrderSlot(r.getLong(1), r.getLong(2), r.getLong(3), r.getInt(4), r.getBoolean(5)))
                .list();
        if (orders.isEmpty()) {
            return 0;
        }
        long restored = ledger.restore(activityId, orders);
        log.warn("activity {}: Redis had lost it; {} buyer slots and the records of its live orders restored from {} orders",
                activityId, restored, orders.size());
        return restored;
    }
}

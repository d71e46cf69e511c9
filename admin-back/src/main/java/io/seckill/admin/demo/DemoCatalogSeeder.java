package io.seckill.admin.demo;

import io.seckill.admin.preheat.RedisRebuild;
import io.seckill.kernel.id.IdGenerator;
import io.seckill.stock.StockKeys;
import io.seckill.stock.StockLedger;
import org.springframework.data.redis.core.StringRedisTemplate;
import io.seckill.stock.StockPlan;
import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.context.annotation.Profile;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Dev profile only: keeps one demo activity on sale soon. On every start where no demo activity is upcoming or
 * live, it adds one that starts a minute later with stock 100, plus its {@code seckill_stock} row.
 */
@Component
@Profile("dev")
class DemoCatalogSeeder implements ApplicationRunner {

    static final String TITLE = "Demo flash sale";
    static final String PRODUCT = "Seckill demo mug 秒杀马克杯";
    static final int STOCK = 100;
    private static final Duration STOCK_TABLE_WAIT = Duration.ofSeconds(120);
    private static final Logger log = LoggerFactory.getLogger(DemoCatalogSeeder.class);

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final IdGenerator ids;
    private final Clock clock;
    private final StockLedger ledger;
    private final StringRedisTemplate redis;
    private final RedisRebuild rebuild;

    DemoCatalogSeeder(JdbcClient jdbc, TransactionTemplate tx, IdGenerator ids, Clock clock, StockLedger ledger,
                      StringRedisTemplate redis, RedisRebuild rebuild) {
        this.redis = redis;
        this.rebuild = rebuild;
        this.jdbc = jdbc;
        this.tx = tx;
        this.ids = ids;
        this.clock = clock;
        this.ledger = ledger;
    }

    @Override
    public void run(ApplicationArguments args) throws InterruptedException {
        Instant now = clock.instant();
        awaitStockTable();
        Long current = jdbc.sql("SELECT id FROM seckill_activities WHERE title = ? AND end_time > ?"
                        + " AND status IN ('SCHEDULED', 'LIVE') ORDER BY start_time DESC LIMIT 1")
                .params(TITLE, Timestamp.from(now)).query(Long.class).optional().orElse(null);
        long activityId = current != null ? current : tx.execute(status -> create(now));
        if (current == null) {
            log.info("Demo activity {} '{}' starts at {} with stock {}", activityId, TITLE, now.plusSeconds(60), STOCK);
            // Every catalog change is announced: seckill-api drops the activity list from both cache levels.
            redis.convertAndSend(StockKeys.ACTIVITY_CHANGED_CHANNEL, Long.toString(activityId));
        }
        preheat(activityId);
    }

    /**
     * Loads the demo activity's stock into Redis on every start (the dev stack's Redis starts empty), through the
     * same idempotent ledger code the admin preheat endpoint uses: units already held by orders stay taken.
     */
    private void preheat(long activityId) {
        StockPlan plan = jdbc.sql("""
                SELECT a.total_stock, a.per_user_limit, a.start_time, a.end_time, COALESCE(s.sold, 0)
                  FROM seckill_activities a LEFT JOIN seckill_stock s ON s.activity_id = a.id
                 WHERE a.id = ?""")
                .param(activityId)
                .query((row, n) -> new StockPlan(activityId, row.getInt(1), row.getInt(2),
                        row.getTimestamp(3).toInstant(), row.getTimestamp(4).toInstant(), row.getLong(5)))
                .single();
        rebuild.restoreIfLost(activityId); // the kept MySQL orders' buyers and records, before the hash is back
        StockLedger.Preheated preheated = ledger.preheat(plan);
        log.info("Demo activity {} preheated: {} available", activityId, preheated.available());
    }

    private long create(Instant now) {
        Long productId = jdbc.sql("SELECT id FROM products WHERE name = ?").param(PRODUCT)
                .query(Long.class).optional().orElse(null);
        if (productId == null) {
            productId = ids.nextId();
            jdbc.sql("INSERT INTO products (id, name, description, image_url, original_price) VALUES (?, ?, ?, ?, ?)")
                    .params(productId, PRODUCT, "A 350 ml ceramic mug, the demo product of the dev stack.",
                            "/static/demo-mug.png", new BigDecimal("59.00"))
                    .update();
        }
        long activityId = ids.nextId();
        Instant start = now.plusSeconds(60);
        jdbc.sql("""
                INSERT INTO seckill_activities
                  (id, product_id, title, seckill_price, total_stock, per_user_limit, start_time, end_time, status)
                VALUES (?, ?, ?, ?, ?, 1, ?, ?, 'SCHEDULED')""")
                .params(activityId, productId, TITLE, new BigDecimal("9.90"), STOCK,
                        Timestamp.from(start), Timestamp.from(start.plus(Duration.ofHours(2))))
                .update();
        // seckill_stock is order-service's table; admin-back inserts the row with its activity (DESIGN.md §7).
        jdbc.sql("INSERT INTO seckill_stock (activity_id, total, sold) VALUES (?, ?, 0)")
                .params(activityId, STOCK).update();
        return activityId;
    }

    /** order-service creates seckill_stock; in the dev stack both start together. */
    private void awaitStockTable() throws InterruptedException {
        long deadline = System.nanoTime() + STOCK_TABLE_WAIT.toNanos();
        while (jdbc.sql("SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = DATABASE()"
                + " AND table_name = 'seckill_stock'").query(Integer.class).single() == 0) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("seckill_stock does not exist after " + STOCK_TABLE_WAIT
                        + ": is order-service running its migrations?");
            }
            Thread.sleep(500);
        }
    }
}

package io.seckill.seckillapi.support;

import io.seckill.infra.embedded.EmbeddedInfra;
import io.seckill.stock.StockLedger;
import io.seckill.stock.StockPlan;
import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import org.flywaydb.core.Flyway;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Creates activities as admin-back does: rows in its own tables (its own migrations applied), then the stock
 * preheated through {@link StockLedger#preheat}, the code admin-back's preheat endpoint calls.
 */
public final class Catalog {

    private static final AtomicLong ids = new AtomicLong(io.seckill.infra.embedded.SchemaSql.randomStart());
    private static volatile boolean migrated;

    private final JdbcClient jdbc;
    private final StockLedger ledger;

    public Catalog(JdbcClient jdbc, StockLedger ledger) {
        this.jdbc = jdbc;
        this.ledger = ledger;
        migrate();
    }

    public static synchronized void migrate() {
        if (migrated) {
            return;
        }
        EmbeddedInfra infra = EmbeddedInfra.shared();
        Flyway.configure()
                .dataSource(infra.jdbcUrl(), infra.jdbcUsername(), infra.jdbcPassword())
                .locations("filesystem:../admin-back/src/main/resources/db/migration/admin-back")
                .table("flyway_history_admin_back")
                .baselineOnMigrate(true)
                .baselineVersion("0")
                .load()
                .migrate();
        migrated = true;
    }

    public static long nextId() {
        return ids.incrementAndGet();
    }

    /** A SCHEDULED activity with its stock preheated; returns its id. */
    public long activity(int stock, int perUserLimit, Instant start, Instant end) {
        long product = nextId();
        jdbc.sql("INSERT INTO products (id, name, description, image_url, original_price) VALUES (?, ?, ?, ?, ?)")
                .params(product, "product " + product, "desc", null, new BigDecimal("59.00")).update();
        long id = nextId();
        jdbc.sql("""
                INSERT INTO seckill_activities
                  (id, product_id, title, seckill_price, total_stock, per_user_limit, start_time, end_time, status)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'SCHEDULED')""")
                .params(id, product, "activity " + id, new BigDecimal("9.90"), stock, perUserLimit,
                        Timestamp.from(start), Timestamp.from(end))
                .update();
        ledger.preheat(new StockPlan(id, stock, perUserLimit, start, end, 0));
        return id;
    }

    /** Changes an activity's title in MySQL the way admin-back does, without the announcement. */
    public void retitleSilently(long activityId, String title) {
        jdbc.sql("UPDATE seckill_activities SET title = ? WHERE id = ?").params(title, activityId).update();
    }

    public long liveActivity(int stock, int perUserLimit) {
        Instant now = Instant.now();
        return activity(stock, perUserLimit, now.minusSeconds(30), now.plusSeconds(3600));
    }
}

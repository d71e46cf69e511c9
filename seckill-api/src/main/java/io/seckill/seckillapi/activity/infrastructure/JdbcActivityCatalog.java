package io.seckill.seckillapi.activity.infrastructure;

import io.seckill.seckillapi.activity.domain.Activity;
import io.seckill.seckillapi.activity.domain.ActivityCatalog;
import io.seckill.kernel.money.Money;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Reads the admin backend's catalog tables (read-only, DESIGN.md §7). */
/** The MySQL source of the catalog; only {@link CachedActivityCatalog} calls it, on a miss of both cache levels. */
@Repository
class JdbcActivityCatalog implements ActivityCatalog {

    private static final String SELECT = """
            SELECT a.id, a.product_id, a.title, p.name, p.description, p.image_url, p.original_price,
                   a.seckill_price, a.total_stock, a.per_user_limit, a.start_time, a.end_time, a.status
              FROM seckill_activities a JOIN products p ON p.id = a.product_id
            """;

    private final JdbcClient jdbc;

    JdbcActivityCatalog(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public List<Activity> liveAndUpcoming(Instant now, int limit) {
        return jdbc.sql(SELECT + " WHERE a.status IN ('SCHEDULED', 'LIVE') AND a.end_time > ?"
                        + " ORDER BY a.start_time, a.id LIMIT ?")
                .params(Timestamp.from(now), limit)
                .query(JdbcActivityCatalog::map)
                .list();
    }

    @Override
    public Optional<Activity> byId(long id) {
        return jdbc.sql(SELECT + " WHERE a.id = ? AND a.status <> 'DRAFT'")
                .param(id)
                .query(JdbcActivityCatalog::map)
                .optional();
    }

    private static Activity map(ResultSet row, int rowNum) throws SQLException {
        return new Activity(row.getLong(1), row.getLong(2), row.getString(3), row.getString(4), row.getString(5),
                row.getString(6), Money.of(row.getBigDecimal(7)), Money.of(row.getBigDecimal(8)), row.getInt(9), row.getInt(10),
                row.getTimestamp(11).toInstant(), row.getTimestamp(12).toInstant(), row.getString(13));
    }
}

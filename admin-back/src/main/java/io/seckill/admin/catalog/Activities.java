package io.seckill.admin.catalog;

import io.seckill.kernel.error.ApiException;
import io.seckill.kernel.money.Money;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Reads of {@code seckill_activities} with their product's original price, as the admin API returns them. */
@Repository
public class Activities {

    /** An activity as returned (DESIGN.md §12): the body fields plus id, status (at the server's now) and originalPrice. */
    public record View(String id, String productId, String title, Money seckillPrice, Money originalPrice,
                       int totalStock, int perUserLimit, Instant startTime, Instant endTime, String status,
                       String storedStatus, Instant createdAt, Instant updatedAt) {

        ActivityRules.Terms terms() {
            return new ActivityRules.Terms(Long.parseLong(productId), title, seckillPrice, totalStock, perUserLimit,
                    startTime, endTime);
        }
    }

    private static final String SELECT = """
            SELECT a.id, a.product_id, a.title, a.seckill_price, p.original_price, a.total_stock, a.per_user_limit,
                   a.start_time, a.end_time, a.status, a.created_at, a.updated_at
              FROM seckill_activities a JOIN products p ON p.id = a.product_id""";

    private final JdbcClient jdbc;

    Activities(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** @param forUpdate lock the activity row until the transaction ends (writers of one activity go one at a time) */
    public View find(long id, Instant now, boolean forUpdate) {
        return jdbc.sql(SELECT + " WHERE a.id = ?" + (forUpdate ? " FOR UPDATE" : "")).param(id)
                .query((r, n) -> view(r, now)).optional()
                .orElseThrow(() -> ApiException.notFound("activity " + id));
    }

    List<View> page(String where, List<Object> params, Instant now) {
        return jdbc.sql(SELECT + where + " ORDER BY a.start_time DESC, a.id DESC LIMIT ? OFFSET ?").params(params)
                .query((r, n) -> view(r, now)).list();
    }

    private static View view(ResultSet r, Instant now) throws SQLException {
        Instant start = r.getTimestamp(8).toInstant();
        Instant end = r.getTimestamp(9).toInstant();
        String stored = r.getString(10);
        return new View(Long.toString(r.getLong(1)), Long.toString(r.getLong(2)), r.getString(3),
                Money.of(r.getBigDecimal(4)), Money.of(r.getBigDecimal(5)), r.getInt(6), r.getInt(7), start, end,
                ActivityRules.statusAt(stored, start, end, now), stored, r.getTimestamp(11).toInstant(),
                r.getTimestamp(12).toInstant());
    }
}

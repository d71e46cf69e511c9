package io.seckill.compensation.archive;

import io.seckill.compensation.retry.CompensationMessage;
import io.seckill.kernel.id.IdGenerator;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;

/** {@code failed_order_archives} (order-compensation V1); status changes are compare-and-set on the status. */
class MysqlArchiveStore implements ArchiveStore {

    private static final String COLUMNS = "id, reservation_id, activity_id, user_id, quantity, payload, last_error, retries,"
            + " status, created_at, updated_at, resolved_at, resolved_by";

    private final JdbcClient jdbc;
    private final JdbcTemplate streaming;
    private final IdGenerator ids;

    MysqlArchiveStore(JdbcClient jdbc, DataSource dataSource, IdGenerator ids) {
        this.jdbc = jdbc;
        this.ids = ids;
        // A positive fetch size makes the MariaDB driver stream the result set instead of loading it whole.
        this.streaming = new JdbcTemplate(dataSource);
        this.streaming.setFetchSize(500);
    }

    @Override
    public boolean archive(CompensationMessage message, int retries, String lastError) {
        try {
            return jdbc.sql("""
                    INSERT INTO failed_order_archives (id, reservation_id, activity_id, user_id, quantity, payload, last_error, retries)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)""")
                    .params(ids.nextId(), message.reservationOrZero(), message.activityId(), message.userId(), message.quantity(),
                            message.payload(), lastError, retries).update() == 1;
        } catch (DuplicateKeyException again) {
            return false;
        }
    }

    @Override
    public Optional<ArchivedOrder> find(long id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM failed_order_archives WHERE id = ?").param(id).query(MysqlArchiveStore::map).optional();
    }

    @Override
    public Optional<ArchivedOrder> findByReservation(long reservationId) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM failed_order_archives WHERE reservation_id = ?").param(reservationId)
                .query(MysqlArchiveStore::map).optional();
    }

    @Override
    public Page page(Filter filter, int page, int size) {
        List<Object> params = new ArrayList<>();
        String where = where(filter, params);
        long total = jdbc.sql("SELECT COUNT(*) FROM failed_order_archives" + where).params(params).query(Long.class).single();
        params.add(size);
        params.add((long) page * size);
        List<ArchivedOrder> items = jdbc.sql("SELECT " + COLUMNS + " FROM failed_order_archives" + where
                + " ORDER BY created_at DESC, id DESC LIMIT ? OFFSET ?").params(params).query(MysqlArchiveStore::map).list();
        return new Page(items, page, size, total);
    }

    @Override
    public void forEach(Filter filter, Consumer<ArchivedOrder> row) {
        List<Object> params = new ArrayList<>();
        String where = where(filter, params);
        streaming.query("SELECT " + COLUMNS + " FROM failed_order_archives" + where + " ORDER BY created_at, id",
                rs -> {
                    row.accept(map(rs, 0));
                }, params.toArray());
    }

    @Override
    public boolean startRetry(long id) {
        return jdbc.sql("UPDATE failed_order_archives SET status = 'RETRYING', version = version + 1 WHERE id = ? AND status = 'UNRESOLVED'")
                .param(id).update() == 1;
    }

    @Override
    public void resolve(long id, ArchivedOrder.Status status, String by) {
        jdbc.sql("""
                UPDATE failed_order_archives SET status = ?, resolved_at = CURRENT_TIMESTAMP(3), resolved_by = ?, version = version + 1
                 WHERE id = ? AND status = 'RETRYING'""").params(status.name(), by, id).update();
    }

    @Override
    public void retryFailed(long id, String error) {
        jdbc.sql("""
                UPDATE failed_order_archives SET status = 'UNRESOLVED', retries = retries + 1, last_error = ?, version = version + 1
                 WHERE id = ? AND status = 'RETRYING'""").params(error, id).update();
    }

    @Override
    public List<ArchivedOrder> open(long activityId) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM failed_order_archives WHERE activity_id = ? AND status IN ('UNRESOLVED', 'RETRYING')")
                .param(activityId).query(MysqlArchiveStore::map).list();
    }

    private static String where(Filter f, List<Object> params) {
        StringBuilder where = new StringBuilder(" WHERE 1 = 1");
        add(where, params, " AND status = ?", f.status() == null ? null : f.status().name());
        add(where, params, " AND activity_id = ?", f.activityId());
        add(where, params, " AND reservation_id = ?", f.reservationId());
        add(where, params, " AND created_at >= ?", f.from() == null ? null : Timestamp.from(f.from()));
        add(where, params, " AND created_at < ?", f.to() == null ? null : Timestamp.from(f.to()));
        return where.toString();
    }

    private static void add(StringBuilder where, List<Object> params, String clause, Object value) {
        if (value != null) {
            where.append(clause);
            params.add(value);
        }
    }

    private static ArchivedOrder map(ResultSet r, int n) throws SQLException {
        return new ArchivedOrder(r.getLong(1), r.getLong(2), (Long) r.getObject(3, Long.class), r.getObject(4, Long.class),
                r.getObject(5, Integer.class), r.getString(6), r.getString(7), r.getInt(8), ArchivedOrder.Status.valueOf(r.getString(9)),
                instant(r.getTimestamp(10)), instant(r.getTimestamp(11)), instant(r.getTimestamp(12)), r.getString(13));
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }
}

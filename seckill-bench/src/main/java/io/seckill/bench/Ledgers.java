package io.seckill.bench;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the outcome of a run straight from MySQL and the stock Redis (not through any service: the services are
 * what is being checked), and waits for the order pipeline to drain.
 */
final class Ledgers implements AutoCloseable {

    /** Where the pipeline stands: reservations still held in Redis, and accepted ones already settled in MySQL. */
    record Pipeline(long pending, long settled) {
    }

    private final Connection db;
    private final RedisClient redisClient;
    private final StatefulRedisConnection<String, String> redis;
    private final long activityId;

    Ledgers(DevStackState stack, long activityId) {
        try {
            this.db = DriverManager.getConnection(stack.jdbcUrl(), stack.jdbcUser(), stack.jdbcPassword());
        } catch (SQLException e) {
            throw new BenchFailure("cannot reach the dev stack's MariaDB: " + e.getMessage(), e);
        }
        this.redisClient = RedisClient.create("redis://" + stack.redisHost() + ":" + stack.redisPort());
        this.redis = redisClient.connect();
        this.activityId = activityId;
    }

    Pipeline pipeline() throws SQLException {
        return new Pipeline(redisLong("pending"),
                count("SELECT COUNT(*) FROM orders WHERE activity_id = ?")
                        + count("SELECT COUNT(*) FROM failed_order_archives WHERE activity_id = ?"));
    }

    /**
     * Polls every 500 ms until no unit is pending in Redis and every accepted reservation is an order or an archive,
     * or the timeout passes (hand-rolled rather than Awaitility: this is main code, and the loop needs the last state).
     */
    Pipeline drain(long accepted, Duration timeout) throws SQLException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Pipeline now = pipeline();
        while ((now.pending() > 0 || now.settled() < accepted) && System.nanoTime() < deadline) {
            Thread.sleep(500);
            now = pipeline();
        }
        return now;
    }

    Facts facts(int stock, int perUserLimit, Map<Long, Long> accepted, Set<Long> refusedUsers) throws SQLException {
        List<Facts.Order> orders = new ArrayList<>();
        try (PreparedStatement q = db.prepareStatement("SELECT id, reservation_id, user_id, quantity, status, created_at"
                + " FROM orders WHERE activity_id = ?")) {
            q.setLong(1, activityId);
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    orders.add(new Facts.Order(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getInt(4), rs.getString(5),
                            rs.getTimestamp(6).getTime()));
                }
            }
        }
        Map<Long, Integer> archived = new HashMap<>();
        long unresolved = 0;
        try (PreparedStatement q = db.prepareStatement("SELECT reservation_id, COALESCE(quantity, 0), status"
                + " FROM failed_order_archives WHERE activity_id = ?")) {
            q.setLong(1, activityId);
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    archived.put(rs.getLong(1), rs.getInt(2));
                    String status = rs.getString(3);
                    if ("UNRESOLVED".equals(status) || "RETRYING".equals(status)) {
                        unresolved += rs.getInt(2);
                    }
                }
            }
        }
        long total;
        long sold;
        try (PreparedStatement q = db.prepareStatement("SELECT total, sold FROM seckill_stock WHERE activity_id = ?")) {
            q.setLong(1, activityId);
            try (ResultSet rs = q.executeQuery()) {
                if (!rs.next()) {
                    throw new BenchFailure("no seckill_stock row for activity " + activityId);
                }
                total = rs.getLong(1);
                sold = rs.getLong(2);
            }
        }
        return new Facts(stock, perUserLimit, accepted, refusedUsers, orders, archived, unresolved,
                redisLong("available"), redisLong("pending"), total, sold);
    }

    private long redisLong(String field) {
        String value = redis.sync().hget("seckill:{a:" + activityId + "}:stock", field);
        return value == null ? 0 : Long.parseLong(value);
    }

    private long count(String sql) throws SQLException {
        try (PreparedStatement q = db.prepareStatement(sql)) {
            q.setLong(1, activityId);
            try (ResultSet rs = q.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    @Override
    public void close() {
        try {
            db.close();
        } catch (SQLException ignored) {
            // closing at the end of the run
        }
        redis.close();
        redisClient.shutdown();
    }
}

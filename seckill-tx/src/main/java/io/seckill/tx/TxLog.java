package io.seckill.tx;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The coordinator log: {@code tx:{<id>}} hashes and the {@code tx:deadlines} zset in Redis (fast, read by the
 * hanging scanner), mirrored to MySQL {@code tx_log} (durable: the scanner also reads it after a Redis loss).
 * MySQL is written first on begin and on every state change, so a transaction never exists only in Redis.
 */
public class TxLog {

    public static final String DEADLINES = "tx:deadlines";
    private static final String BRANCHES = "branches";
    private static final String ATTRIBUTE_PREFIX = "a:";

    private final StringRedisTemplate redis;
    private final JdbcClient jdbc;
    private final Clock clock;

    public TxLog(StringRedisTemplate redis, JdbcClient jdbc, Clock clock) {
        this.redis = redis;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** A logged transaction: its context, branches, state and re-drive count. */
    public record Entry(TxContext context, List<String> branches, TxState state, Instant deadline, int attempts) {
    }

    /** @return false when the transaction is already logged (a redelivery): nothing is written then */
    boolean begin(TxContext tx, List<String> branches, Instant deadline) {
        try {
            insert(tx, deadline);
        } catch (org.springframework.dao.DuplicateKeyException again) {
            return false;
        }
        Map<String, String> fields = new HashMap<>();
        fields.put("state", TxState.TRYING.name());
        fields.put("deadline", Long.toString(deadline.toEpochMilli()));
        fields.put("attempts", "0");
        fields.put(BRANCHES, String.join(",", branches));
        tx.attributes().forEach((k, v) -> fields.put(ATTRIBUTE_PREFIX + k, v));
        redis.opsForHash().putAll(key(tx.txId()), fields);
        redis.opsForZSet().add(DEADLINES, tx.txId(), deadline.toEpochMilli());
        return true;
    }

    private void insert(TxContext tx, Instant deadline) {
        jdbc.sql("""
                INSERT INTO tx_log (tx_id, state, reservation_id, activity_id, user_id, deadline)
                VALUES (?, 'TRYING', ?, ?, ?, ?)""")
                .params(tx.txId(), number(tx, "reservationId"), number(tx, "activityId"), number(tx, "userId"),
                        Timestamp.from(deadline))
                .update();
    }

    /** Moves the state only from {@code from}; false when another actor moved it first. */
    boolean transition(String txId, TxState from, TxState to) {
        int changed = jdbc.sql("UPDATE tx_log SET state = ?, version = version + 1 WHERE tx_id = ? AND state = ?")
                .params(to.name(), txId, from.name()).update();
        if (changed == 1) {
            redis.opsForHash().put(key(txId), "state", to.name());
            if (to.isFinal()) {
                redis.opsForZSet().remove(DEADLINES, txId);
            }
        }
        return changed == 1;
    }

    void countAttempt(String txId, String error) {
        jdbc.sql("UPDATE tx_log SET attempts = attempts + 1, last_error = ? WHERE tx_id = ?")
                .params(error == null ? null : error.substring(0, Math.min(2048, error.length())), txId).update();
        redis.opsForHash().increment(key(txId), "attempts", 1);
    }

    /** From Redis when it still has the entry, else from MySQL (the branches are then the caller's). */
    public Optional<Entry> find(String txId) {
        Map<Object, Object> fields = redis.opsForHash().entries(key(txId));
        TxState durable = jdbc.sql("SELECT state FROM tx_log WHERE tx_id = ?").param(txId)
                .query(String.class).optional().map(TxState::valueOf).orElse(null);
        if (durable == null) {
            return Optional.empty();
        }
        if (fields.isEmpty()) {
            return Optional.of(new Entry(new TxContext(txId, Map.of()), List.of(), durable, clock.instant(), 0));
        }
        Map<String, String> attributes = new HashMap<>();
        fields.forEach((k, v) -> {
            if (k.toString().startsWith(ATTRIBUTE_PREFIX)) {
                attributes.put(k.toString().substring(ATTRIBUTE_PREFIX.length()), v.toString());
            }
        });
        String branches = (String) fields.get(BRANCHES);
        return Optional.of(new Entry(new TxContext(txId, attributes),
                branches == null || branches.isEmpty() ? List.of() : List.of(branches.split(",")),
                durable, Instant.ofEpochMilli(Long.parseLong((String) fields.get("deadline"))),
                Integer.parseInt((String) fields.getOrDefault("attempts", "0"))));
    }

    /** Transaction ids whose deadline has passed (the hanging scanner's input). */
    public Set<String> pastDeadline(Instant now, long limit) {
        Set<String> ids = redis.opsForZSet().rangeByScore(DEADLINES, 0, now.toEpochMilli(), 0, limit);
        return ids == null ? Set.of() : ids;
    }

    private static Long number(TxContext tx, String name) {
        String value = tx.attributes().get(name);
        return value == null ? null : Long.valueOf(value);
    }

    static String key(String txId) {
        return "tx:{" + txId + "}";
    }
}

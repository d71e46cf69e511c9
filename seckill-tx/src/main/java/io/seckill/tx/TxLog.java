package io.seckill.tx;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.redis.core.RedisOperations;
import org.springframework.data.redis.core.SessionCallback;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The coordinator log: {@code tx:{<id>}} hashes and the {@code tx:deadlines} zset in Redis (fast, read by the
 * hanging scanner), mirrored to MySQL {@code tx_log} (durable: the scanner also reads it after a Redis loss).
 * MySQL is written first on begin and on every state change, so a transaction never exists only in Redis.
 */
public class TxLog {

    public static final String DEADLINES = "tx:deadlines";
    /** Rows per multi-row statement of the batch methods: keeps statements and their parameter lists bounded. */
    static final int CHUNK = 500;
    private static final String BRANCHES = "branches";
    private static final String ATTRIBUTE_PREFIX = "a:";

    /**
     * How long the Redis mirror of a transaction outlives its final state. Nothing decides on it any more (the
     * scanner and the coordinator read MySQL's state; {@code tx_log} keeps the transaction for good), and without
     * an expiry every order left its hash in Redis forever. What it still serves: the branch list of the admin
     * transaction detail, for a week.
     */
    public static final Duration FINAL_MIRROR_TTL = Duration.ofDays(7);

    private final StringRedisTemplate redis;
    private final JdbcClient jdbc;
    private final Clock clock;
    private final Duration finalMirrorTtl;

    public TxLog(StringRedisTemplate redis, JdbcClient jdbc, Clock clock) {
        this(redis, jdbc, clock, FINAL_MIRROR_TTL);
    }

    public TxLog(StringRedisTemplate redis, JdbcClient jdbc, Clock clock, Duration finalMirrorTtl) {
        this.redis = redis;
        this.jdbc = jdbc;
        this.clock = clock;
        this.finalMirrorTtl = finalMirrorTtl;
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
        redis.opsForHash().putAll(key(tx.txId()), fields(tx, branches, deadline));
        redis.opsForZSet().add(DEADLINES, tx.txId(), deadline.toEpochMilli());
        return true;
    }

    /**
     * {@link #begin} for many transactions with shared I/O: per chunk of {@link #CHUNK}, one {@code SELECT … IN}
     * for the ids already logged (redeliveries: left alone), one multi-row {@code INSERT} for the rest, then one
     * Redis pipeline with their hashes and deadlines. A duplicate key on the insert (another instance began one of
     * them in between) begins nothing of that chunk and of the chunks after it: the caller drives those one by one.
     *
     * @return the ids begun now, in the callers' order
     */
    Set<String> beginAll(List<TxContext> txs, List<String> branches, Instant deadline) {
        Set<String> begun = new LinkedHashSet<>();
        for (List<TxContext> chunk : chunks(txs)) {
            Set<String> logged = new HashSet<>(jdbc.sql("SELECT tx_id FROM tx_log WHERE tx_id IN (:ids)")
                    .param("ids", chunk.stream().map(TxContext::txId).toList()).query(String.class).list());
            List<TxContext> fresh = chunk.stream().filter(tx -> !logged.contains(tx.txId())).toList();
            if (fresh.isEmpty()) {
                continue;
            }
            try {
                insertAll(fresh, deadline);
            } catch (DuplicateKeyException raced) {
                return begun; // the statement inserted nothing: every row of it is still unlogged
            }
            pipelined(ops -> {
                for (TxContext tx : fresh) {
                    ops.opsForHash().putAll(key(tx.txId()), fields(tx, branches, deadline));
                    ops.opsForZSet().add(DEADLINES, tx.txId(), deadline.toEpochMilli());
                }
            });
            fresh.forEach(tx -> begun.add(tx.txId()));
        }
        return begun;
    }

    private void insertAll(List<TxContext> txs, Instant deadline) {
        StringBuilder sql = new StringBuilder("INSERT INTO tx_log (tx_id, state, reservation_id, activity_id, user_id, deadline) VALUES ");
        List<Object> params = new ArrayList<>(txs.size() * 5);
        Timestamp at = Timestamp.from(deadline);
        for (TxContext tx : txs) {
            sql.append(params.isEmpty() ? "" : ", ").append("(?, 'TRYING', ?, ?, ?, ?)");
            params.addAll(Arrays.asList(tx.txId(), number(tx, "reservationId"), number(tx, "activityId"),
                    number(tx, "userId"), at));
        }
        jdbc.sql(sql.toString()).params(params).update();
    }

    private static Map<String, String> fields(TxContext tx, List<String> branches, Instant deadline) {
        Map<String, String> fields = new HashMap<>();
        fields.put("state", TxState.TRYING.name());
        fields.put("deadline", Long.toString(deadline.toEpochMilli()));
        fields.put("attempts", "0");
        fields.put(BRANCHES, String.join(",", branches));
        tx.attributes().forEach((k, v) -> fields.put(ATTRIBUTE_PREFIX + k, v));
        return fields;
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
                redis.expire(key(txId), finalMirrorTtl);
                redis.opsForZSet().remove(DEADLINES, txId);
            }
        }
        return changed == 1;
    }

    /**
     * {@link #transition} for many: one {@code UPDATE … WHERE tx_id IN (…) AND state = from} per chunk, then one
     * Redis pipeline for the mirror. When fewer rows changed than ids were given (another actor moved some
     * first), one {@code SELECT} finds which now stand in {@code to}.
     *
     * @return the ids now in {@code to}
     */
    Set<String> transitionAll(Collection<String> txIds, TxState from, TxState to) {
        Set<String> moved = new LinkedHashSet<>();
        for (List<String> chunk : chunks(List.copyOf(txIds))) {
            int changed = update(chunk, from, to);
            if (changed == chunk.size()) {
                moved.addAll(chunk);
            } else if (changed > 0) {
                moved.addAll(jdbc.sql("SELECT tx_id FROM tx_log WHERE tx_id IN (:ids) AND state = :to")
                        .param("ids", chunk).param("to", to.name()).query(String.class).list());
            }
        }
        mirrorAll(moved, to);
        return moved;
    }

    /**
     * The durable half of {@link #transitionAll}, written in the caller's local transaction (it must be one on
     * this log's database): the caller commits it together with its own rows, or rolls both back.
     *
     * @return true when every one of them moved; false when any had been moved by another actor first (the caller
     *         must then roll its local transaction back)
     */
    boolean transitionAllWithin(Collection<String> txIds, TxState from, TxState to) {
        if (!TransactionSynchronizationManager.isActualTransactionActive()) {
            throw new IllegalStateException("transitionAllWithin needs the caller's local transaction");
        }
        int changed = 0;
        for (List<String> chunk : chunks(List.copyOf(txIds))) {
            changed += update(chunk, from, to);
        }
        return changed == txIds.size();
    }

    /** The Redis half of a transition already durable in MySQL: one pipeline (state fields; final ones lose their deadline and expire). */
    void mirrorAll(Collection<String> txIds, TxState to) {
        if (txIds.isEmpty()) {
            return;
        }
        pipelined(ops -> {
            txIds.forEach(txId -> ops.opsForHash().put(key(txId), "state", to.name()));
            if (to.isFinal()) {
                txIds.forEach(txId -> ops.expire(key(txId), finalMirrorTtl));
                ops.opsForZSet().remove(DEADLINES, txIds.toArray());
            }
        });
    }

    private int update(List<String> chunk, TxState from, TxState to) {
        return jdbc.sql("UPDATE tx_log SET state = :to, version = version + 1 WHERE tx_id IN (:ids) AND state = :from")
                .param("to", to.name()).param("ids", chunk).param("from", from.name()).update();
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

    private void pipelined(Consumer<RedisOperations<String, String>> commands) {
        redis.executePipelined(new SessionCallback<Object>() {
            @Override
            @SuppressWarnings("unchecked")
            public <K, V> Object execute(RedisOperations<K, V> operations) {
                commands.accept((RedisOperations<String, String>) operations);
                return null;
            }
        });
    }

    private static <T> List<List<T>> chunks(List<T> items) {
        List<List<T>> chunks = new ArrayList<>();
        for (int from = 0; from < items.size(); from += CHUNK) {
            chunks.add(items.subList(from, Math.min(items.size(), from + CHUNK)));
        }
        return chunks;
    }

    private static Long number(TxContext tx, String name) {
        String value = tx.attributes().get(name);
        return value == null ? null : Long.valueOf(value);
    }

    static String key(String txId) {
        return "tx:{" + txId + "}";
    }
}

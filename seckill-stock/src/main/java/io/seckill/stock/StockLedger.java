package io.seckill.stock;

import io.seckill.kernel.redis.LuaScript;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.ReturnType;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;

import java.time.Duration;

/**
 * The activity stock in Redis (DESIGN.md §3, §8): preheat, the atomic reservation, its undo, and reads. Each
 * write is one Lua script, loaded once and run by its SHA ({@code EVALSHA}, falling back to {@code EVAL} after a
 * Redis restart): one round trip, no partial state. Runs on the {@code stock} connection ({@link StockRedis}).
 */
public class StockLedger {

    @SuppressWarnings("rawtypes")
    private static final RedisScript<List> PREHEAT = script("lua/preheat.lua");
    @SuppressWarnings("rawtypes")
    private static final RedisScript<List> RESERVE = script("lua/reserve.lua");
    private static final RedisScript<Long> UNDO = LuaScript.load("lua/undo.lua", Long.class);
    private static final RedisScript<Long> PREPARE = LuaScript.load("lua/prepare.lua", Long.class);
    private static final RedisScript<Long> CONFIRM = LuaScript.load("lua/confirm.lua", Long.class);
    private static final RedisScript<Long> CANCEL = LuaScript.load("lua/cancel.lua", Long.class);
    private static final RedisScript<Long> RELEASE = LuaScript.load("lua/release.lua", Long.class);
    private static final RedisScript<Long> RESTORE = LuaScript.load("lua/restore.lua", Long.class);
    /** Orders per {@code restore.lua} call: bounds the script's arguments and how long it holds Redis. */
    static final int RESTORE_CHUNK = 500;
    private static final long FAILED_RECORD_SECONDS = 86_400;

    /** What the TCC try of a reservation found. */
    public enum Prepared { PREPARED, ROLLED_BACK, MISSING, TAKEN }

    /** What the TCC confirm of a reservation found. */
    public enum Confirmed { CONFIRMED, ALREADY_CONFIRMED, NOT_PREPARED }

    /** One reservation's TCC try in {@link #prepareAll}. */
    public record Preparation(long activityId, long reservationId, String txId) {
    }

    /** One reservation's TCC confirm in {@link #confirmAll}. */
    public record Confirmation(long activityId, long reservationId, long orderId) {
    }

    private final StringRedisTemplate redis;

    public StockLedger(StockRedis stockRedis) {
        this.redis = stockRedis.template();
    }

    /** The result of a preheat: whether the hash was new, and the available units it now holds. */
    public record Preheated(boolean created, long available) {
    }

    /** The result of an attempt: the decision and the available units after it (-1 when unknown). */
    public record Reserved(ReserveOutcome outcome, long available) {
    }

    /** An order as the recovery rebuild needs it; {@code live}: AWAITING_PAYMENT or PAID (its units are held). */
    public record OrderSlot(long userId, long reservationId, long orderId, int quantity, boolean live) {
    }

    /**
     * Restores the buyer slots and the live orders' CONFIRMED reservation records of an activity whose stock hash
     * Redis lost ({@code restore.lua}, per chunk of {@value #RESTORE_CHUNK}); call it before {@link #preheat}
     * rebuilds the hash, so no attempt runs in between. Keeps whatever Redis still holds.
     *
     * @return the buyer slots restored
     */
    public long restore(long activityId, List<OrderSlot> orders) {
        long restored = 0;
        for (int from = 0; from < orders.size(); from += RESTORE_CHUNK) {
            List<OrderSlot> chunk = orders.subList(from, Math.min(orders.size(), from + RESTORE_CHUNK));
            List<String> keys = new ArrayList<>(chunk.size() + 1);
            List<String> args = new ArrayList<>(chunk.size() * 4);
            keys.add(StockKeys.buyers(activityId));
            for (OrderSlot order : chunk) {
                keys.add(StockKeys.reservation(activityId, order.reservationId()));
                args.add(Long.toString(order.userId()));
                args.add(Long.toString(order.reservationId()));
                args.add(order.live() ? Long.toString(order.orderId()) : "");
                args.add(Integer.toString(order.quantity()));
            }
            Long count = redis.execute(RESTORE, keys, args.toArray());
            restored += count == null ? 0 : count;
        }
        return restored;
    }

    public Preheated preheat(StockPlan plan) {
        List<?> result = redis.execute(PREHEAT, List.of(StockKeys.stock(plan.activityId())),
                Integer.toString(plan.total()), Long.toString(plan.liveOrderUnits()),
                Long.toString(plan.start().toEpochMilli()), Long.toString(plan.end().toEpochMilli()),
                Integer.toString(plan.perUserLimit()));
        return new Preheated(((Number) result.get(0)).longValue() == 1, ((Number) result.get(1)).longValue());
    }

    public Reserved reserve(long activityId, long userId, int quantity, long nowMillis, long reservationId,
                            String pathToken) {
        List<?> result = redis.execute(RESERVE,
                List.of(StockKeys.stock(activityId), StockKeys.buyers(activityId), StockKeys.pending(activityId),
                        StockKeys.reservation(activityId, reservationId), StockKeys.path(activityId, userId)),
                Long.toString(userId), Integer.toString(quantity), Long.toString(nowMillis),
                Long.toString(reservationId), pathToken);
        return new Reserved(ReserveOutcome.ofCode(((Number) result.get(0)).longValue()),
                ((Number) result.get(1)).longValue());
    }

    /** Returns the units of a PENDING reservation; true when it was undone now, false when there was nothing to undo. */
    public boolean undo(long activityId, long reservationId) {
        Long undone = redis.execute(UNDO,
                List.of(StockKeys.stock(activityId), StockKeys.buyers(activityId), StockKeys.pending(activityId),
                        StockKeys.reservation(activityId, reservationId)),
                Long.toString(reservationId));
        return undone != null && undone == 1L;
    }

    /** TCC try: PENDING → PREPARED(txId); idempotent for the same transaction. */
    public Prepared prepare(long activityId, long reservationId, String txId) {
        Long code = redis.execute(PREPARE, List.of(StockKeys.reservation(activityId, reservationId)), txId);
        return Prepared.values()[code.intValue()];
    }

    /** TCC confirm: PREPARED → CONFIRMED(orderId), units leave the pending ledger. @return false when already done */
    public boolean confirm(long activityId, long reservationId, long orderId) {
        Long code = redis.execute(CONFIRM, List.of(StockKeys.stock(activityId), StockKeys.pending(activityId),
                StockKeys.reservation(activityId, reservationId)), Long.toString(reservationId), Long.toString(orderId));
        if (code == -1) {
            throw new IllegalStateException("reservation " + reservationId + " is not prepared: cannot confirm");
        }
        return code == 1;
    }

    /**
     * {@link #prepare} for many reservations in one round trip: the scripts are pipelined, each still atomic on
     * its own key. @return what each found, in the order given
     */
    public List<Prepared> prepareAll(List<Preparation> preparations) {
        List<byte[][]> calls = new ArrayList<>(preparations.size());
        for (Preparation p : preparations) {
            calls.add(bytes(StockKeys.reservation(p.activityId(), p.reservationId()), p.txId()));
        }
        return evalAll(PREPARE, 1, calls).stream().map(code -> Prepared.values()[code.intValue()]).toList();
    }

    /**
     * {@link #confirm} for many reservations in one round trip (pipelined scripts). Unlike {@link #confirm} a
     * reservation that is not prepared does not throw: it is reported, and the caller confirms it on its own path.
     *
     * @return what each found, in the order given
     */
    public List<Confirmed> confirmAll(List<Confirmation> confirmations) {
        List<byte[][]> calls = new ArrayList<>(confirmations.size());
        for (Confirmation c : confirmations) {
            calls.add(bytes(StockKeys.stock(c.activityId()), StockKeys.pending(c.activityId()),
                    StockKeys.reservation(c.activityId(), c.reservationId()), Long.toString(c.reservationId()),
                    Long.toString(c.orderId())));
        }
        return evalAll(CONFIRM, 3, calls).stream()
                .map(code -> code == 1 ? Confirmed.CONFIRMED : code == 0 ? Confirmed.ALREADY_CONFIRMED : Confirmed.NOT_PREPARED)
                .toList();
    }

    /**
     * Runs one script once per call, pipelined, by its SHA. After a Redis restart (or {@code SCRIPT FLUSH}) the
     * server no longer knows the SHA: the script is loaded and the whole pipeline runs again, which is safe for the
     * scripts used here (a repeat of prepare or confirm for the same transaction changes nothing).
     */
    private List<Long> evalAll(RedisScript<Long> script, int keys, List<byte[][]> calls) {
        if (calls.isEmpty()) {
            return List.of();
        }
        try {
            return pipelined(script, keys, calls);
        } catch (RuntimeException e) {
            if (!unknownScript(e)) {
                throw e;
            }
            redis.execute((RedisCallback<String>) connection ->
                    connection.scriptingCommands().scriptLoad(script.getScriptAsString().getBytes(StandardCharsets.UTF_8)));
            return pipelined(script, keys, calls);
        }
    }

    private List<Long> pipelined(RedisScript<Long> script, int keys, List<byte[][]> calls) {
        List<Object> results = redis.executePipelined((RedisCallback<Object>) connection -> {
            evalShas(connection, script.getSha1(), keys, calls);
            return null;
        });
        return results.stream().map(result -> ((Number) result).longValue()).toList();
    }

    private static void evalShas(RedisConnection connection, String sha, int keys, List<byte[][]> calls) {
        for (byte[][] keysAndArgs : calls) {
            connection.scriptingCommands().evalSha(sha, ReturnType.INTEGER, keys, keysAndArgs);
        }
    }

    private static boolean unknownScript(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause.getMessage() != null && cause.getMessage().contains("NOSCRIPT")) {
                return true;
            }
        }
        return false;
    }

    private static byte[][] bytes(String... values) {
        byte[][] bytes = new byte[values.length][];
        for (int i = 0; i < values.length; i++) {
            bytes[i] = values[i].getBytes(StandardCharsets.UTF_8);
        }
        return bytes;
    }

    /**
     * TCC cancel: a PENDING or PREPARED reservation returns its units and frees the buyer; the record stays FAILED
     * with {@code reason} for a day. @return true when units were released now
     */
    public boolean cancel(long activityId, long reservationId, String reason) {
        Long code = redis.execute(CANCEL, List.of(StockKeys.stock(activityId), StockKeys.buyers(activityId),
                        StockKeys.pending(activityId), StockKeys.reservation(activityId, reservationId)),
                Long.toString(reservationId), reason, Long.toString(FAILED_RECORD_SECONDS));
        if (code == -1) {
            throw new IllegalStateException("reservation " + reservationId + " is confirmed: an order holds it");
        }
        return code == 1;
    }

    /**
     * A confirmed order was cancelled: its units return to {@code available} exactly once; the buyer slot stays.
     * Nothing to do when Redis holds no stock hash for the activity at all (lost with the rest of its keys): the
     * preheat that restores it counts from MySQL, where the units are back (release.lua).
     * @return true when released now, false when it already was or the activity is not in Redis
     * @throws IllegalStateException the stock hash exists but no confirmed reservation does (Redis lost it alone)
     */
    public boolean release(long activityId, long reservationId) {
        Long code = redis.execute(RELEASE, List.of(StockKeys.stock(activityId), StockKeys.reservation(activityId, reservationId)));
        if (code == -1) {
            throw new IllegalStateException("reservation " + reservationId + " holds no confirmed order to release");
        }
        return code == 1;
    }

    /** Stores the one-time path token of a user for an activity; a new one replaces the previous. */
    public void issuePath(long activityId, long userId, String token, Duration ttl) {
        redis.opsForValue().set(StockKeys.path(activityId, userId), token, ttl);
    }

    public OptionalLong available(long activityId) {
        Object value = redis.opsForHash().get(StockKeys.stock(activityId), "available");
        return value == null ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(value.toString()));
    }

    /** The stock hash as stored (total, available, pending, start, end, limit); empty when not preheated. */
    public Map<Object, Object> stock(long activityId) {
        return redis.opsForHash().entries(StockKeys.stock(activityId));
    }

    /** The reservation record (user, qty, ts, state); empty when there is none. */
    public Map<Object, Object> reservation(long activityId, long reservationId) {
        return redis.opsForHash().entries(StockKeys.reservation(activityId, reservationId));
    }

    @SuppressWarnings("rawtypes")
    private static RedisScript<List> script(String path) {
        return LuaScript.load(path, List.class);
    }
}

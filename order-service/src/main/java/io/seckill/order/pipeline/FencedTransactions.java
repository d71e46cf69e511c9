package io.seckill.order.pipeline;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.redisson.api.RFencedLock;
import org.redisson.api.RedissonClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * One driver per transaction at a time: a Redisson {@link RFencedLock} {@code lock:tx:{<txId>}} (watchdog
 * renewal; released by its lease if the holder dies) around the consumer's run, the hanging scanner's re-drive
 * and a manual rollback. The lock only saves work when every holder is alive; when a holder stalls past its
 * lease (GC pause, network partition, a consumer that lost its partition in a rebalance but still runs), a
 * second one gets the lock with a higher token. The order branch therefore writes the token into
 * {@code orders.fence_token} and refuses to write when the row already carries a newer one: the stale holder
 * fails instead of overwriting (DESIGN.md §4 "Locks"). The batch path takes none: it writes with a token below
 * all of these and every one of its writes is a compare-and-set (see {@link BatchPipeline}).
 */
@Component
public class FencedTransactions {

    private static final Logger log = LoggerFactory.getLogger(FencedTransactions.class);
    /** The locks this thread holds, by transaction id → fencing token (re-entrancy for a branch step inside a run). */
    private static final ThreadLocal<Map<String, Long>> HELD = ThreadLocal.withInitial(HashMap::new);
    /**
     * Redisson keeps each fenced lock's token counter in a key of its own that never expires: one key per
     * transaction would pile up in the cache Redis. After a release it gets this TTL — long past any lease, and
     * by then the transaction is final, so the TCC fence refuses whatever a stale holder still tries.
     */
    static final Duration TOKEN_TTL = Duration.ofDays(1);

    private final RedissonClient redisson;

    FencedTransactions(RedissonClient redisson) {
        this.redisson = redisson;
    }

    /** The lock was not obtained within the wait: another instance is driving the transaction. */
    public static class Busy extends IllegalStateException {
        Busy(String txId) {
            super("transaction " + txId + " is being driven elsewhere");
        }
    }

    /**
     * Runs {@code work} holding the transaction's fenced lock (re-entrant for the same transaction on this
     * thread). @throws Busy when another holder keeps it longer than {@code wait}
     */
    public <T> T call(String txId, Duration wait, Supplier<T> work) {
        Map<String, Long> held = HELD.get();
        if (held.containsKey(txId)) {
            return work.get();
        }
        RFencedLock lock = redisson.getFencedLock(name(txId));
        Long token = lock.tryLockAndGetToken(wait.toMillis(), TimeUnit.MILLISECONDS);
        if (token == null) {
            throw new Busy(txId);
        }
        held.put(txId, token);
        try {
            return work.get();
        } finally {
            held.remove(txId);
            unlock(lock, txId);
        }
    }

    public void run(String txId, Duration wait, Runnable work) {
        call(txId, wait, () -> {
            work.run();
            return null;
        });
    }

    /** The fencing token this thread holds for {@code txId}; only valid inside {@link #call}. */
    long token(String txId) {
        Long token = HELD.get().get(txId);
        if (token == null) {
            throw new IllegalStateException("no fenced lock held for " + txId);
        }
        return token;
    }

    static String name(String txId) {
        return "lock:tx:{" + txId + "}";
    }

    /** Redisson's key naming (RedissonObject.prefixName) for a name that already carries a hash tag. */
    static String tokenKey(String txId) {
        return "redisson_lock_token:" + name(txId);
    }

    private void unlock(RFencedLock lock, String txId) {
        try {
            if (lock.isHeldByCurrentThread()) {
                lock.unlock();
                redisson.getKeys().expireAsync(tokenKey(txId), TOKEN_TTL.toSeconds(), TimeUnit.SECONDS);
            } else {
                log.warn("the lock of transaction {} expired while held: a newer holder may have taken over", txId);
            }
        } catch (RuntimeException e) {
            // Its lease ends it anyway; the outcome is already durable.
            log.warn("could not release the lock of transaction {}: {}", txId, e.toString());
        }
    }
}

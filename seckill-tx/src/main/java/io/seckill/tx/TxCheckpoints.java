package io.seckill.tx;

/**
 * Told each time the {@link TransactionCoordinator} has made one step durable (the log or a branch written).
 * Production uses it for the Prepared→Committed latency; a crash-point test aborts the caller here to prove
 * that redelivery and the hanging scanner converge from every intermediate state. An implementation must be
 * quick; whatever it throws propagates to the coordinator's caller as if the process had died at that point.
 */
@FunctionalInterface
public interface TxCheckpoints {

    /** Points in the order they are reached by a committing transaction; a rollback reports the last two. */
    enum Point { BEGUN, TRIED, PREPARED, COMMITTING, CONFIRMED, COMMITTED, ROLLING_BACK, CANCELLED, ROLLED_BACK }

    /**
     * @param branch the branch for {@code TRIED}, {@code CONFIRMED} and {@code CANCELLED}, else {@code null}
     */
    void reached(String txId, Point point, String branch);

    TxCheckpoints NONE = (txId, point, branch) -> {
    };
}

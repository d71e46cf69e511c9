package io.seckill.order.pipeline;

import io.seckill.tx.TxCheckpoints;

/**
 * A test seam: called after every durable step of an order's transaction. The production bean does nothing; the
 * crash-point test replaces it with one that aborts the consumer at a chosen step, as a process death would.
 */
@FunctionalInterface
public interface CrashPoints {

    void reached(String txId, TxCheckpoints.Point point, String branch);

    CrashPoints NONE = (txId, point, branch) -> {
    };
}

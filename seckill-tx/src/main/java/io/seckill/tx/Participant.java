package io.seckill.tx;

/**
 * One branch of a TCC transaction. The coordinator calls {@link #tryPhase} for every branch, then either
 * {@link #confirm} or {@link #cancel} for every branch, possibly more than once (re-drives after a crash) and,
 * for cancel, possibly without a try before it (the try was lost or is still on its way). So:
 * <ul>
 *   <li>confirm and cancel must be idempotent;</li>
 *   <li>cancel without a try must succeed and release nothing (empty rollback);</li>
 *   <li>a try arriving after its cancel must refuse (anti-hanging).</li>
 * </ul>
 * A MySQL branch gets all three from {@link TccFence} in its local transaction.
 */
public interface Participant {

    /** The branch name, stable across versions: it is stored in the coordinator log and the fence. */
    String branch();

    /** Reserve. @throws BusinessRefusal for a permanent "no" (the transaction rolls back); anything else is transient. */
    void tryPhase(TxContext tx);

    void confirm(TxContext tx);

    void cancel(TxContext tx);
}

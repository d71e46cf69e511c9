package io.seckill.order.orders;

import io.seckill.tx.Participant;
import io.seckill.tx.TccFence;
import io.seckill.tx.TxContext;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The MySQL branch of a cancellation, the last resource (a local transaction on the coordinator's own database,
 * tried after every other branch): {@link Cancellations} tries it and writes the commit decision in one local
 * transaction — fence row COMMITTED, order AWAITING_PAYMENT → CANCELLED, units back to {@code seckill_stock},
 * {@code OrderCancelled} into the outbox, the Redis release recorded, tx_log TRYING → COMMITTING. So a tried
 * cancellation is always a decided one, and no cancelled-but-undecided order is ever visible (or payable).
 * Confirm therefore only checks the fence; cancel (a rollback before the decision: the scanner, an operator) finds
 * no fence row and writes SUSPENDED, after which that transaction's try fails on the fence's key (anti-hanging).
 */
@Component
class OrderCancelBranch implements Participant {

    static final String NAME = "order-cancel";

    private final TccFence fence;
    private final TransactionTemplate local;

    OrderCancelBranch(TccFence fence, TransactionTemplate local) {
        this.fence = fence;
        this.local = local;
    }

    @Override
    public String branch() {
        return NAME;
    }

    /** Never called on its own: the try of a last resource is written with its commit decision ({@link Cancellations}). */
    @Override
    public void tryPhase(TxContext tx) {
        throw new IllegalStateException("the " + NAME + " branch of " + tx.txId() + " is tried only with its commit decision");
    }

    @Override
    public void confirm(TxContext tx) {
        local.executeWithoutResult(status -> fence.onConfirm(tx.txId(), NAME));
    }

    @Override
    public void cancel(TxContext tx) {
        local.executeWithoutResult(status -> fence.onCancel(tx.txId(), NAME));
    }
}

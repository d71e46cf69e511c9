package io.seckill.order.orders;

import io.seckill.tx.TransactionCoordinator;
import io.seckill.tx.TxState;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Finishes the cancellations whose Redis release is still pending (Redis was down at cancel time): every 2 s, each
 * due {@code pending_redis_releases} row's transaction is committed again through the coordinator, whose confirm
 * is the release, so the transaction reaches COMMITTED as soon as Redis takes the units. Much sooner than the
 * hanging scanner, which waits for the transaction's deadline (300 s). A row whose transaction cannot be driven
 * (no id: written before cancellations went through the coordinator; or its log is gone) is released directly:
 * the buyer's units do not wait for the bookkeeping, and the transaction's MySQL log is then moved to COMMITTED.
 */
@Component
class ReleaseRetry {

    private static final Logger log = LoggerFactory.getLogger(ReleaseRetry.class);

    private final PendingReleases releases;
    private final TransactionCoordinator coordinator;

    ReleaseRetry(PendingReleases releases, TransactionCoordinator coordinator) {
        this.releases = releases;
        this.coordinator = coordinator;
    }

    @Scheduled(fixedDelayString = "${seckill.order.release-retry-interval:2s}")
    void retry() {
        try {
            for (PendingReleases.Pending pending : releases.due(200)) {
                if (finish(pending) == PendingReleases.Outcome.REDIS_AWAY) {
                    return; // the next round tries again
                }
            }
        } catch (RuntimeException e) {
            log.warn("pending Redis releases paused: {}", e.toString());
        }
    }

    private PendingReleases.Outcome finish(PendingReleases.Pending pending) {
        if (pending.txId() == null) {
            return releases.release(pending);
        }
        try {
            coordinator.commit(pending.txId());
            return PendingReleases.Outcome.RELEASED;
        } catch (StockReleaseBranch.UnitsNotBackYet notYet) {
            return notYet.outcome;
        } catch (RuntimeException undrivable) {
            log.warn("cancellation {} cannot be driven ({}); releasing order {} directly", pending.txId(),
                    undrivable.toString(), pending.orderId());
            PendingReleases.Outcome outcome = releases.release(pending);
            if (outcome == PendingReleases.Outcome.RELEASED) {
                markCommitted(pending.txId());
            }
            return outcome;
        }
    }

    /**
     * Both branches of a cancellation released directly are done (its order branch committed with the decision), so
     * its {@code tx_log} row moves COMMITTING → COMMITTED: left COMMITTING, the row would show a transaction in
     * flight for ever, which no scanner picks up (they work from the Redis log that was lost).
     */
    private void markCommitted(String txId) {
        try {
            coordinator.transitionAll(List.of(txId), TxState.COMMITTING, TxState.COMMITTED);
        } catch (RuntimeException e) {
            log.warn("cancellation {} released, but its tx_log row stays COMMITTING: {}", txId, e.toString());
        }
    }
}

package io.seckill.order.orders;

import io.seckill.tx.Participant;
import io.seckill.tx.TxContext;
import org.springframework.stereotype.Component;

/**
 * The Redis branch of a cancellation: confirm returns the order's units to the stock Redis ({@code release.lua}
 * through {@link PendingReleases}: CONFIRMED → CANCELLED, units added once, the buyer slot kept). Its try holds
 * nothing: the release cannot be refused for a business reason, and the units are not Redis's to sell again before
 * the MySQL branch has decided (the release runs only at confirm). Cancel has nothing to undo.
 */
@Component
class StockReleaseBranch implements Participant {

    static final String NAME = "stock-release";

    private final PendingReleases releases;

    StockReleaseBranch(PendingReleases releases) {
        this.releases = releases;
    }

    /** The confirm could not finish yet; the transaction stays COMMITTING and {@link ReleaseRetry} re-drives it. */
    static class UnitsNotBackYet extends IllegalStateException {

        final PendingReleases.Outcome outcome;

        UnitsNotBackYet(String txId, PendingReleases.Outcome outcome) {
            super("the units of " + txId + " are not back in Redis yet: " + outcome);
            this.outcome = outcome;
        }
    }

    @Override
    public String branch() {
        return NAME;
    }

    @Override
    public void tryPhase(TxContext tx) {
    }

    @Override
    public void confirm(TxContext tx) {
        PendingReleases.Outcome outcome = releases.release(tx.getLong(Cancellations.ORDER));
        if (outcome != PendingReleases.Outcome.RELEASED) {
            throw new UnitsNotBackYet(tx.txId(), outcome);
        }
    }

    @Override
    public void cancel(TxContext tx) {
    }
}

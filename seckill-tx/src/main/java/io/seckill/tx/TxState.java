package io.seckill.tx;

/** The coordinator states of DESIGN.md §4, in the order a transaction moves through them. */
public enum TxState {
    TRYING, PREPARED, COMMITTING, COMMITTED, ROLLING_BACK, ROLLED_BACK;

    public boolean isFinal() {
        return this == COMMITTED || this == ROLLED_BACK;
    }
}

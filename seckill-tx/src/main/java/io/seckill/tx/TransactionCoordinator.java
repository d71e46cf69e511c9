package io.seckill.tx;

import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code begin_transaction}, {@code commit_transaction}, {@code rollback_transaction} (DESIGN.md §4) over
 * {@link Participant}s, with the state in the {@link TxLog}. Every state change is a compare-and-set on the log,
 * so two instances (a consumer and a hanging scanner, say) never drive one transaction in two directions:
 * once COMMITTING, it can only commit; once ROLLING_BACK, it can only roll back. Confirm and cancel are
 * repeated until they succeed; the participants' fences make the repeats harmless.
 */
public class TransactionCoordinator {

    private static final Logger log = LoggerFactory.getLogger(TransactionCoordinator.class);

    private final TxLog txLog;
    private final Map<String, Participant> participants = new LinkedHashMap<>();
    private final Clock clock;
    private final Supplier<Duration> deadline;
    private final TxCheckpoints checkpoints;

    public TransactionCoordinator(TxLog txLog, List<Participant> participants, Clock clock, Duration deadline) {
        this(txLog, participants, clock, () -> deadline, TxCheckpoints.NONE);
    }

    /**
     * @param deadline    read at every {@code begin}, so a runtime setting takes effect without a restart
     * @param checkpoints told after each durable step (metrics; crash-point tests)
     */
    public TransactionCoordinator(TxLog txLog, List<Participant> participants, Clock clock, Supplier<Duration> deadline,
                                  TxCheckpoints checkpoints) {
        this.txLog = txLog;
        participants.forEach(p -> this.participants.put(p.branch(), p));
        this.clock = clock;
        this.deadline = deadline;
        this.checkpoints = checkpoints;
    }

    /** How a transaction ended; {@code reason} is the refusal's code when it rolled back. */
    public record Result(TxState state, String reason) {
    }

    /**
     * begin, try every branch, then commit; a permanent refusal rolls back. A transient failure is rethrown. A
     * redelivery of the same transaction id resumes it where it stands (the fences make repeated tries harmless)
     * instead of starting a second one.
     */
    public Result execute(TxContext tx, List<String> branches) {
        if (!begin(tx, branches)) {
            TxState state = state(tx.txId());
            switch (state) {
                case COMMITTED, ROLLED_BACK -> {
                    return new Result(state, null);
                }
                case PREPARED, COMMITTING -> {
                    commit(tx.txId());
                    return new Result(TxState.COMMITTED, null);
                }
                case ROLLING_BACK -> {
                    rollback(tx.txId());
                    return new Result(TxState.ROLLED_BACK, null);
                }
                case TRYING -> {
                }
            }
        }
        try {
            for (String branch : branches) {
                participant(branch).tryPhase(tx);
                checkpoints.reached(tx.txId(), TxCheckpoints.Point.TRIED, branch);
            }
        } catch (BusinessRefusal refusal) {
            rollback(tx.txId());
            return new Result(TxState.ROLLED_BACK, refusal.reason());
        }
        if (!txLog.transition(tx.txId(), TxState.TRYING, TxState.PREPARED)) {
            // The scanner rolled it back while we were trying (deadline passed): honour that.
            return finish(tx.txId());
        }
        checkpoints.reached(tx.txId(), TxCheckpoints.Point.PREPARED, null);
        commit(tx.txId());
        return new Result(TxState.COMMITTED, null);
    }

    /** @return false when the transaction already exists */
    public boolean begin(TxContext tx, List<String> branches) {
        branches.forEach(this::participant);
        boolean begun = txLog.begin(tx, branches, clock.instant().plus(deadline.get()));
        if (begun) {
            checkpoints.reached(tx.txId(), TxCheckpoints.Point.BEGUN, null);
        }
        return begun;
    }

    /**
     * {@link #begin} for many transactions with shared I/O (a batch caller that drives each of them through the
     * same steps as {@link #execute}, sharing the round trips). Each keeps its own log entry, so whatever the batch
     * caller leaves unfinished, {@link #execute} (a redelivery) and the hanging scanner resume one by one.
     *
     * @return the ids begun now; the others were already logged (redeliveries) or raced with another begin
     */
    public Set<String> beginAll(List<TxContext> txs, List<String> branches) {
        branches.forEach(this::participant);
        Set<String> begun = txLog.beginAll(txs, branches, clock.instant().plus(deadline.get()));
        reached(begun, TxCheckpoints.Point.BEGUN, null);
        return begun;
    }

    /**
     * A batch caller's state change for many transactions, each a compare-and-set as in the single path:
     * TRYING → PREPARED once every branch's try succeeded, PREPARED → COMMITTING, COMMITTING → COMMITTED once
     * every branch confirmed (or the rollback moves). Reports the checkpoint of {@code to} for each one moved.
     *
     * @return the ids that moved; the others were moved by another actor first (the scanner, say)
     */
    public Set<String> transitionAll(Collection<String> txIds, TxState from, TxState to) {
        TxCheckpoints.Point point = switch (to) {
            case PREPARED -> TxCheckpoints.Point.PREPARED;
            case COMMITTING -> TxCheckpoints.Point.COMMITTING;
            case COMMITTED -> TxCheckpoints.Point.COMMITTED;
            case ROLLING_BACK -> TxCheckpoints.Point.ROLLING_BACK;
            case ROLLED_BACK -> TxCheckpoints.Point.ROLLED_BACK;
            case TRYING -> throw new IllegalArgumentException("TRYING is reached by beginAll");
        };
        if (txIds.isEmpty()) {
            return Set.of();
        }
        Set<String> moved = txLog.transitionAll(txIds, from, to);
        reached(moved, point, null);
        return moved;
    }

    /**
     * The commit decision of a batch caller whose last branch is a local transaction on the coordinator's own
     * database (the last-resource optimization): inside that branch's try transaction, after every other branch
     * tried, TRYING → COMMITTING for all of them. Committed with the try, or rolled back with it: the decision is
     * never durable without the last try, nor the last try without it, so PREPARED and COMMITTING are one write
     * here. After the caller's commit, {@link #commitDecided} mirrors it.
     *
     * @return false when any of them was moved by another actor first (the scanner): the caller must roll its
     *         local transaction back and leave them to {@link #execute}
     */
    public boolean decideCommitWithin(Collection<String> txIds) {
        return txLog.transitionAllWithin(txIds, TxState.TRYING, TxState.COMMITTING);
    }

    /** After the local transaction of {@link #decideCommitWithin} committed: the Redis mirror and the checkpoints. */
    public void commitDecided(Collection<String> txIds) {
        txLog.mirrorAll(txIds, TxState.COMMITTING);
        reached(txIds, TxCheckpoints.Point.PREPARED, null);
        reached(txIds, TxCheckpoints.Point.COMMITTING, null);
    }

    /**
     * A batch caller ran a branch step ({@code TRIED}, {@code CONFIRMED}, {@code CANCELLED}) for these
     * transactions itself: told to the checkpoints as {@link #execute} would have told them, one by one.
     */
    public void reached(Collection<String> txIds, TxCheckpoints.Point point, String branch) {
        for (String txId : txIds) {
            checkpoints.reached(txId, point, branch);
        }
    }

    /** PREPARED → COMMITTING → (confirm every branch) → COMMITTED; a re-drive of COMMITTING finishes it. */
    public void commit(String txId) {
        TxLog.Entry entry = entry(txId);
        switch (entry.state()) {
            case COMMITTED -> {
                return;
            }
            case PREPARED -> {
                if (!txLog.transition(txId, TxState.PREPARED, TxState.COMMITTING)) {
                    commit(txId);
                    return;
                }
                checkpoints.reached(txId, TxCheckpoints.Point.COMMITTING, null);
            }
            case COMMITTING -> {
            }
            default -> throw new IllegalStateException("transaction " + txId + " is " + entry.state() + ": it cannot commit");
        }
        for (String branch : entry.branches()) {
            participant(branch).confirm(entry.context());
            checkpoints.reached(txId, TxCheckpoints.Point.CONFIRMED, branch);
        }
        if (txLog.transition(txId, TxState.COMMITTING, TxState.COMMITTED)) {
            checkpoints.reached(txId, TxCheckpoints.Point.COMMITTED, null);
        }
    }

    /** TRYING/PREPARED → ROLLING_BACK → (cancel every branch, tried or not) → ROLLED_BACK. */
    public void rollback(String txId) {
        TxLog.Entry entry = entry(txId);
        switch (entry.state()) {
            case ROLLED_BACK -> {
                return;
            }
            case TRYING, PREPARED -> {
                if (!txLog.transition(txId, entry.state(), TxState.ROLLING_BACK)) {
                    rollback(txId);
                    return;
                }
                checkpoints.reached(txId, TxCheckpoints.Point.ROLLING_BACK, null);
            }
            case ROLLING_BACK -> {
            }
            default -> throw new AlreadyCommitting(txId, entry.state());
        }
        for (String branch : entry.branches()) {
            participant(branch).cancel(entry.context());
            checkpoints.reached(txId, TxCheckpoints.Point.CANCELLED, branch);
        }
        if (txLog.transition(txId, TxState.ROLLING_BACK, TxState.ROLLED_BACK)) {
            checkpoints.reached(txId, TxCheckpoints.Point.ROLLED_BACK, null);
        }
    }

    /**
     * The hanging scanner's step for one transaction past its deadline: finish what was decided (COMMITTING →
     * commit, ROLLING_BACK → rollback), roll back what was not (TRYING, PREPARED). Counts the attempt; a failure
     * is logged and left for the next scan (the caller hands it to compensation after the third).
     *
     * @return the number of automatic attempts so far, including this one
     */
    public int redrive(String txId) {
        TxLog.Entry entry = entry(txId);
        if (entry.state().isFinal()) {
            return entry.attempts();
        }
        try {
            if (entry.state() == TxState.COMMITTING) {
                commit(txId);
            } else {
                rollback(txId);
            }
            return entry.attempts();
        } catch (RuntimeException e) {
            txLog.countAttempt(txId, e.toString());
            log.warn("re-drive of transaction {} ({}) failed: {}", txId, entry.state(), e.toString());
            return entry.attempts() + 1;
        }
    }

    public TxState state(String txId) {
        return entry(txId).state();
    }

    private Result finish(String txId) {
        TxState state = entry(txId).state();
        if (state == TxState.ROLLING_BACK) {
            rollback(txId);
            state = TxState.ROLLED_BACK;
        }
        return new Result(state, state == TxState.ROLLED_BACK ? "TIMED_OUT" : null);
    }

    private TxLog.Entry entry(String txId) {
        TxLog.Entry entry = txLog.find(txId).orElseThrow(() -> new IllegalStateException("no transaction " + txId));
        if (entry.branches().isEmpty() && !entry.state().isFinal()) {
            throw new IllegalStateException("transaction " + txId + " lost its Redis log; re-drive it from tx_log");
        }
        return entry;
    }

    private Participant participant(String branch) {
        Participant participant = participants.get(branch);
        if (participant == null) {
            throw new IllegalArgumentException("no participant for branch " + branch);
        }
        return participant;
    }

    /** A rollback asked for a transaction that already decided to commit (409 for a manual rollback). */
    public static class AlreadyCommitting extends IllegalStateException {
        public AlreadyCommitting(String txId, TxState state) {
            super("transaction " + txId + " is " + state + ": it can no longer roll back");
        }
    }
}

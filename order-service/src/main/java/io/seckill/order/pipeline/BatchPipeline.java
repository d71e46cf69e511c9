package io.seckill.order.pipeline;

import io.micrometer.core.instrument.MeterRegistry;
import io.seckill.stock.StockLedger;
import io.seckill.tx.TransactionCoordinator;
import io.seckill.tx.TxCheckpoints.Point;
import io.seckill.tx.TxState;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.IntPredicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The batch fast path of the order pipeline (docs/transactions.md "The batch path"): the reservations of one poll
 * go through the steps of {@link TransactionCoordinator#execute} together, each step one or a few round trips for
 * all of them. Each reservation keeps its own transaction (id, {@code tx_log} row, {@code tx:{id}} hash, fence
 * row, order row); only the I/O is shared. The order branch is the last resource (a local transaction on the
 * coordinator's own database, tried after the reservation): its try is its commit, written in one local
 * transaction with the coordinator's commit decision ({@link OrderBatchBranch#commitAll}); the reservation is
 * confirmed after it. After every step each transaction stands at a state the single path resumes from, so
 * whatever this path does not finish — a redelivery, a refusal to come, a row another driver wrote, a crash
 * between two steps — the single path ({@code execute}, the hanging scanner, compensation) resumes one by one.
 * This path never refuses or rolls back anyone itself: that is left to the single path too, which knows the
 * reason to tell the buyer.
 *
 * <p>It takes no fenced lock (docs/transactions.md "The fenced lock"). It drives only transactions its own
 * {@code beginAll} created, so any other driver of one of them (the scanner, an admin rollback, the new owner of a
 * partition after a rebalance) came later and holds the transaction's lock. Every write of this path is a
 * compare-and-set such a driver's move defeats: the Redis scripts move a reservation only from the state they
 * expect, the MySQL transaction inserts the fence rows (a duplicate key if another driver tried first) and moves
 * the {@code tx_log} state only from TRYING (all or nothing), COMMITTED is written only from COMMITTING, and the
 * order rows are born confirmed, carrying {@link OrderBatchBranch#FENCE_TOKEN}, older than any lock's token. So a
 * later driver outranks the batch, and the batch's step then hands its transactions to the single path.
 */
@Component
class BatchPipeline {

    private static final Logger log = LoggerFactory.getLogger(BatchPipeline.class);

    /**
     * Reservations per round of steps by default ({@code seckill.order.batch-chunk}): bounds every multi-row
     * statement and pipeline, and a transaction's Prepared→Committed time, which is one chunk's confirm steps.
     * 100, not a whole poll (500): the bench measured Prepared→Committed p99 ≤ 67–89 ms instead of ≤ 268–358 ms
     * with the same orders/s (docs/benchmarks.md, evening of 2026-12-04).
     */
    static final int CHUNK = 100;
    static final List<String> BRANCHES = List.of(ReservationBranch.NAME, OrderBranch.NAME);
    private final TransactionCoordinator coordinator;
    private final StockLedger ledger;
    private final OrderBatchBranch orders;
    private final MeterRegistry meters;
    private volatile int chunkSize;

    BatchPipeline(TransactionCoordinator coordinator, StockLedger ledger, OrderBatchBranch orders, MeterRegistry meters,
                  @Value("${seckill.order.batch-chunk:" + CHUNK + "}") int chunkSize) {
        chunkSize(chunkSize);
        this.coordinator = coordinator;
        this.ledger = ledger;
        this.orders = orders;
        this.meters = meters;
    }

    /**
     * @param committed the reservations this path committed
     * @param perOrder  the ones left to the single path, in the order given (a later duplicate of a reservation
     *                  or of a buyer's activity among them): each is a transaction not begun, or begun and standing
     *                  at a state the single path resumes from
     */
    record Outcome(List<Reservation> committed, List<Reservation> perOrder) {
    }

    /**
     * Runs the batch. A transient failure
     * (MySQL, Redis) after an earlier chunk committed hands the failed chunk and the later ones to the single path.
     *
     * @throws RuntimeException a transient failure before anything was committed: the caller hands every
     *         reservation of the batch to the single path, which resumes each where it stands; an Error (a crash)
     *         propagates as it is
     */
    Outcome run(List<Reservation> reservations) {
        long started = System.nanoTime();
        meters.summary("order.batch.size").record(reservations.size());
        List<Reservation> perOrder = new ArrayList<>();
        Map<String, Reservation> unique = new LinkedHashMap<>();
        Set<String> buyers = new HashSet<>();
        for (Reservation r : reservations) {
            // Two deliveries of one reservation, or two orders of one buyer: the single path settles the later one.
            if (unique.containsKey(r.txId()) || !buyers.add(r.activityId() + ":" + r.userId())) {
                perOrder.add(r);
            } else {
                unique.put(r.txId(), r);
            }
        }
        handedOver("duplicate", perOrder.size());
        List<Reservation> all = List.copyOf(unique.values());
        List<Reservation> committed = new ArrayList<>(all.size());
        int size = chunkSize;
        for (int from = 0; from < all.size(); from += size) {
            List<Reservation> chunk = all.subList(from, Math.min(all.size(), from + size));
            meters.counter("order.batch.chunks").increment();
            int handedOverBefore = perOrder.size();
            try {
                committed.addAll(chunk(chunk, perOrder));
            } catch (RuntimeException transientFailure) {
                // Nothing of this chunk is COMMITTED yet (its last step): it and the rest resume one by one, each from
                // where it stands (decided ones included).
                if (committed.isEmpty()) {
                    throw transientFailure;
                }
                log.warn("batch: {} of {} reservations committed, the rest resume on their own: {}", committed.size(),
                        reservations.size(), transientFailure.toString());
                perOrder.subList(handedOverBefore, perOrder.size()).clear();
                perOrder.addAll(all.subList(from, all.size()));
                handedOver("failure", all.size() - from);
                break;
            }
        }
        long elapsed = System.nanoTime() - started;
        for (int i = 0; i < committed.size(); i++) {
            meters.timer("order.transaction.latency", "state", "committed").record(elapsed, TimeUnit.NANOSECONDS);
        }
        meters.counter("order.reservations", "outcome", "ordered").increment(committed.size());
        meters.counter("order.batch.committed").increment(committed.size());
        return new Outcome(committed, perOrder);
    }

    /** Changes the chunk size at runtime (the setting's value at start; tests compare sizes). */
    void chunkSize(int size) {
        chunkSize = Math.max(1, size);
    }

    /**
     * The steps of {@code execute} for a chunk, each keeping only what the step settled for the next one. No lock is
     * taken (see the class comment): every write here is a compare-and-set that another driver's move makes fail.
     */
    private List<Reservation> chunk(List<Reservation> chunk, List<Reservation> perOrder) {
        // begin: the redeliveries are already logged and resume one by one (under their locks)
        List<Reservation> live = keep(chunk, coordinator.beginAll(chunk.stream().map(Reservation::transaction).toList(), BRANCHES),
                perOrder, "already_begun");
        // try, reservation branch: a rolled-back, missing or foreign reservation is refused by the single path
        List<StockLedger.Prepared> prepared = ledger.prepareAll(live.stream()
                .map(r -> new StockLedger.Preparation(r.activityId(), r.reservationId(), r.txId())).toList());
        live = keepWhere(live, i -> prepared.get(i) == StockLedger.Prepared.PREPARED, perOrder, "reservation_try");
        coordinator.reached(txIds(live), Point.TRIED, ReservationBranch.NAME);
        // the order branch, tried and confirmed with the commit decision in one local transaction (the last resource:
        // a local transaction on the coordinator's database). A stock guard's or a unique key's "no", or a
        // transaction another driver moved meanwhile, is decided by the single path.
        Map<String, Long> orderIds = orders.commitAll(live, coordinator::decideCommitWithin);
        live = keep(live, orderIds.keySet(), perOrder, "order_try");
        coordinator.reached(txIds(live), Point.TRIED, OrderBranch.NAME);
        coordinator.commitDecided(txIds(live));
        coordinator.reached(txIds(live), Point.CONFIRMED, OrderBranch.NAME);
        // confirm the reservation with the order ids just written (no SELECT per order), then COMMITTED
        List<StockLedger.Confirmed> confirmed = ledger.confirmAll(live.stream()
                .map(r -> new StockLedger.Confirmation(r.activityId(), r.reservationId(), orderIds.get(r.txId()))).toList());
        live = keepWhere(live, i -> confirmed.get(i) != StockLedger.Confirmed.NOT_PREPARED, perOrder, "reservation_confirm");
        coordinator.reached(txIds(live), Point.CONFIRMED, ReservationBranch.NAME);
        return keep(live, coordinator.transitionAll(txIds(live), TxState.COMMITTING, TxState.COMMITTED), perOrder, "commit");
    }

    private List<Reservation> keep(List<Reservation> live, Collection<String> settled, List<Reservation> perOrder, String step) {
        Set<String> ids = settled instanceof Set<String> set ? set : new HashSet<>(settled);
        return keepWhere(live, i -> ids.contains(live.get(i).txId()), perOrder, step);
    }

    private List<Reservation> keepWhere(List<Reservation> live, IntPredicate settled, List<Reservation> perOrder, String step) {
        List<Reservation> kept = new ArrayList<>(live.size());
        int before = perOrder.size();
        for (int i = 0; i < live.size(); i++) {
            (settled.test(i) ? kept : perOrder).add(live.get(i));
        }
        handedOver(step, perOrder.size() - before);
        return kept;
    }

    private void handedOver(String step, int count) {
        if (count > 0) {
            meters.counter("order.batch.handed.over", "step", step).increment(count);
        }
    }

    private static List<String> txIds(List<Reservation> reservations) {
        return reservations.stream().map(Reservation::txId).toList();
    }
}

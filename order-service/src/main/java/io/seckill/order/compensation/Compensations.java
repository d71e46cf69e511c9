package io.seckill.order.compensation;

import io.seckill.order.outbox.Outbox;
import io.seckill.stock.StockLedger;
import io.seckill.tx.TransactionCoordinator;
import io.seckill.tx.TxLog;
import io.seckill.tx.TxState;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * "Finish the order if it can still be finished, otherwise roll the reservation back" (DESIGN.md §5) with the
 * order pipeline's own coordinator and branches, so the stock goes back exactly once: the coordinator moves the
 * log by compare-and-set and the branches are fenced, whoever (consumer, scanner, compensation) gets there first.
 *
 * <p>A transaction that decided (PREPARED, COMMITTING) is finished. One that never began or is still TRYING is
 * resumed while the sale runs, and rolled back once the activity is over (the sweeper's rule for reservations
 * that never became orders: a buyer is not handed an order after the sale closed).
 */
@Component
class Compensations {

    private static final Logger log = LoggerFactory.getLogger(Compensations.class);
    private static final List<String> BRANCHES = List.of("reservation", "order");

    private final TransactionCoordinator coordinator;
    private final TxLog txLog;
    private final StockLedger ledger;
    private final Outbox outbox;
    private final TransactionTemplate local;
    private final Clock clock;

    Compensations(TransactionCoordinator coordinator, TxLog txLog, StockLedger ledger, Outbox outbox,
                  TransactionTemplate local, Clock clock) {
        this.coordinator = coordinator;
        this.txLog = txLog;
        this.ledger = ledger;
        this.outbox = outbox;
        this.local = local;
        this.clock = clock;
    }

    /** How the compensation ended: COMMITTED (an order exists) or ROLLED_BACK (units returned). */
    record Outcome(String txId, String outcome, String reason) {
    }

    static class UnknownTransaction extends RuntimeException {
        UnknownTransaction(String txId) {
            super(txId);
        }
    }

    Outcome compensate(CompensationRequest request) {
        return request.hanging() ? hanging(request.txId()) : reservation(request.reservation());
    }

    private Outcome reservation(CompensationRequest.Reservation r) {
        String txId = r.transaction().txId();
        Optional<TxState> state = txLog.find(txId).map(TxLog.Entry::state);
        boolean undecided = state.isEmpty() || state.get() == TxState.TRYING;
        if (undecided && activityOver(r.activityId())) {
            coordinator.begin(r.transaction(), BRANCHES);
            coordinator.rollback(txId);
            failed(r, "ACTIVITY_ENDED");
            log.warn("compensation: reservation {} rolled back, its activity {} is over", r.reservationId(), r.activityId());
            return new Outcome(txId, TxState.ROLLED_BACK.name(), "ACTIVITY_ENDED");
        }
        TransactionCoordinator.Result result = coordinator.execute(r.transaction(), BRANCHES);
        if (result.state() == TxState.ROLLED_BACK && result.reason() != null) {
            failed(r, result.reason());
        }
        log.info("compensation: reservation {} ended {}", r.reservationId(), result.state());
        return new Outcome(txId, result.state().name(), result.reason());
    }

    private Outcome hanging(String txId) {
        TxState state = txLog.find(txId).map(TxLog.Entry::state).orElseThrow(() -> new UnknownTransaction(txId));
        if (state == TxState.COMMITTING || state == TxState.COMMITTED) {
            coordinator.commit(txId);
        } else if (!state.isFinal()) {
            try {
                coordinator.rollback(txId);
            } catch (TransactionCoordinator.AlreadyCommitting e) {
                coordinator.commit(txId);
            }
        }
        TxState end = coordinator.state(txId);
        log.info("compensation: hanging transaction {} ended {}", txId, end);
        return new Outcome(txId, end.name(), null);
    }

    private boolean activityOver(long activityId) {
        Object end = ledger.stock(activityId).get("end");
        return end != null && Long.parseLong(end.toString()) <= clock.millis();
    }

    /** The buyer is told why, as the order consumer does for a refusal (ReservationFailed via the outbox, once). */
    private void failed(CompensationRequest.Reservation r, String reason) {
        Map<String, Object> failed = new LinkedHashMap<>();
        failed.put("reservationId", Long.toString(r.reservationId()));
        failed.put("activityId", Long.toString(r.activityId()));
        failed.put("userId", Long.toString(r.userId()));
        failed.put("reason", reason);
        local.executeWithoutResult(status -> outbox.addOnce("reservation", Long.toString(r.reservationId()),
                "ReservationFailed", Long.toString(r.reservationId()), failed));
    }
}

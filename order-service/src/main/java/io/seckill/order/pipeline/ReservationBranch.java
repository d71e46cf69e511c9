package io.seckill.order.pipeline;

import io.seckill.stock.StockLedger;
import io.seckill.tx.BusinessRefusal;
import io.seckill.tx.Participant;
import io.seckill.tx.TxContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The Redis branch (DESIGN.md §4): the reservation PENDING → PREPARED → CONFIRMED(orderId); cancel returns the
 * units and frees the buyer slot, exactly once (the scripts check the state, so no separate fence is needed).
 */
@Component
class ReservationBranch implements Participant {

    static final String NAME = "reservation";

    private final StockLedger ledger;
    private final JdbcClient jdbc;

    ReservationBranch(StockLedger ledger, JdbcClient jdbc) {
        this.ledger = ledger;
        this.jdbc = jdbc;
    }

    @Override
    public String branch() {
        return NAME;
    }

    @Override
    public void tryPhase(TxContext tx) {
        Reservation r = Reservation.of(tx);
        switch (ledger.prepare(r.activityId(), r.reservationId(), tx.txId())) {
            case PREPARED -> {
            }
            case ROLLED_BACK -> throw new BusinessRefusal("RESERVATION_CANCELLED", "reservation " + r.reservationId() + " was rolled back");
            case MISSING -> throw new BusinessRefusal("RESERVATION_NOT_FOUND", "no reservation " + r.reservationId() + " in Redis");
            case TAKEN -> throw new BusinessRefusal("RESERVATION_IN_ANOTHER_TRANSACTION", "reservation " + r.reservationId());
        }
    }

    @Override
    public void confirm(TxContext tx) {
        Reservation r = Reservation.of(tx);
        long orderId = jdbc.sql("SELECT id FROM orders WHERE reservation_id = ?").param(r.reservationId())
                .query(Long.class).optional()
                .orElseThrow(() -> new IllegalStateException("no order for reservation " + r.reservationId()));
        ledger.confirm(r.activityId(), r.reservationId(), orderId);
    }

    @Override
    public void cancel(TxContext tx) {
        Reservation r = Reservation.of(tx);
        ledger.cancel(r.activityId(), r.reservationId(), "ORDER_NOT_CREATED");
    }
}

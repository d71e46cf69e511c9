package io.seckill.compensation.sweeper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import io.seckill.compensation.ledger.LedgerReconciler;
import io.seckill.compensation.support.CompensationTest;
import io.seckill.compensation.support.OrderServiceInJvm;
import io.seckill.infra.embedded.TopicReader;
import io.seckill.stock.StockKeys;
import io.seckill.stock.StockRedis;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * Stale PENDING reservations are re-published while the sale runs (and become orders) and rolled back once it is
 * over; the ledger drift is 0 for a consistent activity, shows the exact number of units Redis invented or lost,
 * and a persistent drift raises an alert on the alert channels.
 */
class SweeperAndReconcilerTest extends CompensationTest {

    @Autowired
    StockRedis stock;

    @Autowired
    ReservationSweeper sweeper;

    @Autowired
    LedgerReconciler reconciler;

    @Autowired
    MeterRegistry meters;

    @Test
    void aStalePendingReservationIsRepublishedWhileTheSaleRuns() {
        Instant now = Instant.now();
        long activity = activity(now.minusSeconds(60), now.plusSeconds(3600), 10);
        long user = nextId();
        long reservation = reserve(activity, user, now.minusSeconds(30));

        sweeper.sweep();

        JsonNode republished = reservationCreated(reservation);
        assertThat(republished.path("payload").path("userId").asString()).isEqualTo(Long.toString(user));
        assertThat(republished.path("payload").path("activityId").asString()).isEqualTo(Long.toString(activity));
        assertThat(republished.path("payload").path("unitPrice").asString()).isEqualTo("9.90");
        assertThat(ledger.reservation(activity, reservation)).containsEntry("state", "PENDING");
    }

    @Test
    void aReservationWhoseMessageWasNeverSentBecomesAnOrderThroughTheSweeper() {
        Instant now = Instant.now();
        long activity = activity(now.minusSeconds(60), now.plusSeconds(3600), 10);
        // The Lua step ran, then seckill-api "crashed": no ReservationCreated was ever sent.
        long reservation = reserve(activity, nextId(), now.minusSeconds(30));
        OrderServiceInJvm.shared().consumeOrders(true);
        try {
            sweeper.sweep();

            await().atMost(Duration.ofSeconds(30)).until(() -> "CONFIRMED".equals(ledger.reservation(activity, reservation).get("state")));
        } finally {
            OrderServiceInJvm.shared().consumeOrders(false);
        }
        assertThat(jdbc.sql("SELECT status FROM orders WHERE reservation_id = ?").param(reservation).query(String.class).single())
                .isEqualTo("AWAITING_PAYMENT");
        assertThat(reconciler.reconcile(activity)).isEqualTo(new LedgerReconciler.Drift(activity, 0, 0));
    }

    @Test
    void aPendingReservationOfAnEndedSaleIsRolledBackItsUnitsReturnAndTheBuyerIsToldWhy() {
        Instant now = Instant.now();
        long activity = activity(now.minusSeconds(3600), now.plusSeconds(2), 10);
        long reservation = reserve(activity, nextId(), now.minusSeconds(30));
        assertThat(ledger.stock(activity)).containsEntry("available", "9");

        await().atMost(Duration.ofSeconds(10)).until(() -> {
            sweeper.sweep();
            return "FAILED".equals(ledger.reservation(activity, reservation).get("state"));
        });
        assertThat(ledger.stock(activity)).containsEntry("available", "10").containsEntry("pending", "0");
        assertThat(jdbc.sql("SELECT state FROM tx_log WHERE tx_id = ?").param("rsv-" + reservation).query(String.class).single())
                .isEqualTo("ROLLED_BACK");
        // DESIGN.md §1.3: compensated "with the user told why" (seckill-api turns this into FAILED(ACTIVITY_ENDED)).
        assertThat(failedEvents(reservation)).singleElement()
                .satisfies(event -> assertThat(event.path("payload").path("reason").asString()).isEqualTo("ACTIVITY_ENDED"));

        sweeper.sweep();
        assertThat(failedEvents(reservation)).as("told once").hasSize(1);
        assertThat(ledger.stock(activity)).containsEntry("available", "10");
    }

    @Test
    void aPendingReservationOfAnEndedSaleWaitsWhileOrderServiceCannotBeReached() {
        Instant now = Instant.now();
        long activity = activity(now.minusSeconds(3600), now.minusSeconds(1), 10);
        long reservation = reserve(activity, nextId(), now.minusSeconds(30));
        long another = reserve(activity, nextId(), now.minusSeconds(30));
        orderService.failing(true);
        try {
            sweeper.sweep();
        } finally {
            orderService.failing(false);
        }
        assertThat(ledger.reservation(activity, reservation)).containsEntry("state", "PENDING");
        assertThat(ledger.reservation(activity, another)).containsEntry("state", "PENDING");
        assertThat(ledger.stock(activity)).containsEntry("available", "8").containsEntry("pending", "2");

        sweeper.sweep();
        assertThat(ledger.reservation(activity, reservation)).containsEntry("state", "FAILED");
        assertThat(ledger.reservation(activity, another)).containsEntry("state", "FAILED");
        assertThat(ledger.stock(activity)).containsEntry("available", "10").containsEntry("pending", "0");
    }

    @Test
    void theLedgerDriftIsZeroWhenConsistentAndExactWhenRedisInventedUnits() {
        Instant now = Instant.now();
        long activity = activity(now.minusSeconds(60), now.plusSeconds(3600), 10);
        reserve(activity, nextId(), now);
        assertThat(reconciler.reconcile(activity)).isEqualTo(new LedgerReconciler.Drift(activity, 0, 0));

        stock.template().opsForHash().increment(StockKeys.stock(activity), "available", 2);
        assertThat(reconciler.reconcile(activity).full()).isEqualTo(-2);
        jdbc.sql("UPDATE seckill_stock SET sold = sold + 1 WHERE activity_id = ?").param(activity).update();
        assertThat(reconciler.reconcile(activity).mysql()).isEqualTo(1);

        reconciler.reconcileAll();
        assertThat(drift(activity, "full")).isEqualTo(-2);
        assertThat(drift(activity, "mysql")).isEqualTo(1);
    }

    @Test
    void aTransactionBetweenItsTryAndItsConfirmCountsItsUnitsOnce() {
        Instant now = Instant.now();
        long activity = activity(now.minusSeconds(60), now.plusSeconds(3600), 10);
        long user = nextId();
        long reservation = reserve(activity, user, now);
        // The state of a transaction whose tries ran (Redis PREPARED, order row PREPARED, DB stock taken) and
        // whose confirms have not: both ledgers hold the unit until the confirm moves it out of `pending`.
        ledger.prepare(activity, reservation, "rsv-" + reservation);
        jdbc.sql("UPDATE seckill_stock SET sold = sold + 1 WHERE activity_id = ?").param(activity).update();
        jdbc.sql("""
                INSERT INTO orders (id, reservation_id, user_id, activity_id, quantity, price, status, tx_id)
                VALUES (?, ?, ?, ?, 1, 1.00, 'PREPARED', ?)""")
                .params(nextId(), reservation, user, activity, "rsv-" + reservation).update();
        assertThat(reconciler.reconcile(activity)).isEqualTo(new LedgerReconciler.Drift(activity, 0, 0));

        long orderId = jdbc.sql("SELECT id FROM orders WHERE reservation_id = ?").param(reservation).query(Long.class).single();
        ledger.confirm(activity, reservation, orderId);
        assertThat(reconciler.reconcile(activity)).isEqualTo(new LedgerReconciler.Drift(activity, 0, 0));
    }

    @Test
    void aBatchTransactionBetweenItsOrdersCommitAndItsReservationsConfirmCountsItsUnitsOnce() {
        Instant now = Instant.now();
        long activity = activity(now.minusSeconds(60), now.plusSeconds(3600), 10);
        long user = nextId();
        long reservation = reserve(activity, user, now);
        String txId = "rsv-" + reservation;
        // order-service's batch path tries and confirms the order branch with the commit decision in one local
        // transaction, then confirms the reservation: in between, the order is live and the unit still pending.
        ledger.prepare(activity, reservation, txId);
        jdbc.sql("""
                INSERT INTO tx_log (tx_id, state, reservation_id, activity_id, user_id, deadline)
                VALUES (?, 'COMMITTING', ?, ?, ?, ?)""")
                .params(txId, reservation, activity, user, java.sql.Timestamp.from(now.plusSeconds(300))).update();
        jdbc.sql("UPDATE seckill_stock SET sold = sold + 1 WHERE activity_id = ?").param(activity).update();
        long orderId = nextId();
        jdbc.sql("""
                INSERT INTO orders (id, reservation_id, user_id, activity_id, quantity, price, status, tx_id, pay_deadline)
                VALUES (?, ?, ?, ?, 1, 1.00, 'AWAITING_PAYMENT', ?, ?)""")
                .params(orderId, reservation, user, activity, txId, java.sql.Timestamp.from(now.plusSeconds(900))).update();
        assertThat(reconciler.reconcile(activity)).isEqualTo(new LedgerReconciler.Drift(activity, 0, 0));

        ledger.confirm(activity, reservation, orderId);
        assertThat(reconciler.reconcile(activity)).isEqualTo(new LedgerReconciler.Drift(activity, 0, 0));
        jdbc.sql("UPDATE tx_log SET state = 'COMMITTED' WHERE tx_id = ?").param(txId).update();
        assertThat(reconciler.reconcile(activity)).isEqualTo(new LedgerReconciler.Drift(activity, 0, 0));
    }

    @Test
    void deletingAReservationBehindTheSystemsBackMakesTheDriftNonZeroAndRaisesAnAlert() {
        String hook = "/wecom-drift-" + nextId();
        setting("alert.channels", "[{\"type\":\"wecom\",\"url\":\"" + webhooks.url(hook) + "\",\"severities\":[\"URGENT\"]}]");
        Instant now = Instant.now();
        long activity = activity(now.minusSeconds(60), now.plusSeconds(3600), 10);
        long reservation = reserve(activity, nextId(), now);
        reconciler.reconcileAll();
        assertThat(drift(activity, "full")).isZero();

        // An operator's clean-up script removes the reservation from Redis: record, pending entry and pending count.
        stock.template().delete(StockKeys.reservation(activity, reservation));
        stock.template().opsForZSet().remove(StockKeys.pending(activity), Long.toString(reservation));
        stock.template().opsForHash().increment(StockKeys.stock(activity), "pending", -1);
        reconciler.reconcileAll();
        reconciler.reconcileAll();

        assertThat(drift(activity, "full")).isEqualTo(1);
        await().atMost(Duration.ofSeconds(10)).until(() -> webhooks.calls(hook).stream()
                .anyMatch(c -> c.body().contains("Activity " + activity + ":full") && c.body().contains("[URGENT]")));
    }

    private double drift(long activity, String ledgerName) {
        return meters.get("seckill.stock.ledger.drift").tags("activity", Long.toString(activity), "ledger", ledgerName).gauge().value();
    }

    private List<JsonNode> failedEvents(long reservation) {
        return jdbc.sql("SELECT payload FROM outbox_events WHERE event_type = 'ReservationFailed' AND aggregate_id = ?")
                .param(Long.toString(reservation)).query(String.class).list().stream().map(json::readTree).toList();
    }

    private static JsonNode reservationCreated(long reservation) {
        return json.readTree(TopicReader.read("seckill.order.create", record -> json.readTree(record.value())
                .path("payload").path("reservationId").asString().equals(Long.toString(reservation)), 1, Duration.ofSeconds(30))
                .getFirst().value());
    }
}

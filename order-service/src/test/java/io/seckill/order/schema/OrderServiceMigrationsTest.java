package io.seckill.order.schema;

import static io.seckill.infra.embedded.SchemaSql.assertRefused;
import static io.seckill.infra.embedded.SchemaSql.connect;
import static io.seckill.infra.embedded.SchemaSql.longs;
import static io.seckill.infra.embedded.SchemaSql.randomId;
import static io.seckill.infra.embedded.SchemaSql.strings;
import static io.seckill.infra.embedded.SchemaSql.update;

import static org.assertj.core.api.Assertions.assertThat;

import io.seckill.infra.embedded.SchemaSql;
import io.seckill.infra.embedded.EmbeddedInfraExtension;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * order-service's Flyway migrations against the real MariaDB 10.11: the constraints that carry DESIGN.md §1
 * (no oversell, one order per user per activity, one order per reservation) and §4 (transaction log, TCC fence,
 * outbox). Flyway runs through its API with the settings of application.yml; no Spring context. Every test
 * writes rows with fresh random ids, so it never depends on, nor disturbs, what other tests left in the shared
 * schema.
 */
@ExtendWith(EmbeddedInfraExtension.class)
class OrderServiceMigrationsTest {

    private static final String LOCATION = "classpath:db/migration/order-service";
    private static final String HISTORY = "flyway_history_order_service";
    private static final Timestamp LATER = Timestamp.from(Instant.parse("2030-01-01T00:00:00Z"));

    @BeforeAll
    static void migrate() {
        flyway().migrate();
    }

    /** As configured in application.yml: own history table, and a baseline because the schema is shared. */
    private static Flyway flyway() {
        return SchemaSql.flyway(LOCATION, HISTORY);
    }

    @Test
    void appliesItsMigrationsOnceAndASecondRunIsANoOp() throws SQLException {
        SchemaSql.assertSecondRunChangesNothing(flyway());
        assertThat(SchemaSql.appliedVersions(HISTORY))
                .containsExactly("1", "2", "3", "4", "5");
        assertThat(SchemaSql.innoDbUtf8mb4Tables())
                .contains("seckill_stock", "orders", "tx_log", "tcc_fence_log", "outbox_events",
                        "pending_redis_releases");
    }

    @Test
    void stockCheckRefusesToSellMoreThanTheTotalOrToReturnMoreThanWasSold() throws SQLException {
        long activity = randomId();
        update("INSERT INTO seckill_stock (activity_id, total, sold) VALUES (?, 10, 0)", activity);

        assertRefused("ck_seckill_stock_sold", "UPDATE seckill_stock SET sold = 11 WHERE activity_id = ?", activity);
        assertRefused("ck_seckill_stock_sold", "UPDATE seckill_stock SET sold = -1 WHERE activity_id = ?", activity);
        assertRefused("ck_seckill_stock_sold", "INSERT INTO seckill_stock (activity_id, total, sold) VALUES (?, 5, 6)", randomId());
        assertRefused("ck_seckill_stock_total", "INSERT INTO seckill_stock (activity_id, total) VALUES (?, -1)", randomId());
    }

    @Test
    void guardedStockUpdateStopsAtTheTotalAndTheCheckCatchesAnUnguardedOne() throws SQLException {
        long activity = randomId();
        update("INSERT INTO seckill_stock (activity_id, total) VALUES (?, 10)", activity);
        String guarded = "UPDATE seckill_stock SET sold = sold + ?, version = version + 1"
                + " WHERE activity_id = ? AND sold + ? <= total";

        assertThat(update(guarded, 4, activity, 4)).isEqualTo(1);
        assertThat(update(guarded, 4, activity, 4)).isEqualTo(1);
        assertThat(update(guarded, 4, activity, 4)).isZero();
        assertRefused("ck_seckill_stock_sold", "UPDATE seckill_stock SET sold = sold + 4 WHERE activity_id = ?", activity);
        assertThat(longs("SELECT sold FROM seckill_stock WHERE activity_id = ?", activity)).containsExactly(8L);
    }

    @Test
    void refusesASecondOrderForTheSameUserAndActivityEvenAfterTheFirstWasCancelled() throws SQLException {
        long user = randomId();
        long activity = randomId();
        long first = randomId();
        insertOrder(first, randomId(), user, activity, 1);
        update("UPDATE orders SET status = 'CANCELLED', cancel_reason = 'TIMEOUT', cancelled_at = CURRENT_TIMESTAMP(3)"
                + " WHERE id = ?", first);

        assertRefused("uk_orders_user_activity", () -> insertOrder(randomId(), randomId(), user, activity, 1));
        insertOrder(randomId(), randomId(), user, randomId(), 1); // the same user in another activity is fine
        insertOrder(randomId(), randomId(), randomId(), activity, 1); // another user in the same activity is fine
    }

    @Test
    void refusesASecondOrderForTheSameReservation() throws SQLException {
        long reservation = randomId();
        insertOrder(randomId(), reservation, randomId(), randomId(), 1);

        assertRefused("uk_orders_reservation", () -> insertOrder(randomId(), reservation, randomId(), randomId(), 1));
    }

    @Test
    void orderRowsObeyTheStateMachineColumns() throws SQLException {
        assertRefused("ck_orders_quantity", () -> insertOrder(randomId(), randomId(), randomId(), randomId(), 0));
        assertRefused("ck_orders_price", "INSERT INTO orders (id, reservation_id, user_id, activity_id, quantity, price)"
                + " VALUES (?, ?, ?, ?, 1, -0.01)", randomId(), randomId(), randomId(), randomId());
        assertRefused("ck_orders_status", "INSERT INTO orders (id, reservation_id, user_id, activity_id, quantity, price, status)"
                + " VALUES (?, ?, ?, ?, 1, 9.90, 'FAILED')", randomId(), randomId(), randomId(), randomId());

        long order = randomId();
        insertOrder(order, randomId(), randomId(), randomId(), 1);
        assertRefused("ck_orders_awaiting_has_deadline", "UPDATE orders SET status = 'AWAITING_PAYMENT' WHERE id = ?", order);
        assertThat(update("UPDATE orders SET status = 'AWAITING_PAYMENT', pay_deadline = ? WHERE id = ? AND status = 'PREPARED'",
                LATER, order)).isEqualTo(1);
        assertRefused("ck_orders_paid_has_paid_at", "UPDATE orders SET status = 'PAID' WHERE id = ?", order);
        assertRefused("ck_orders_cancelled_has_cancelled_at", "UPDATE orders SET status = 'CANCELLED' WHERE id = ?", order);
        assertThat(update("UPDATE orders SET status = 'PAID', paid_at = CURRENT_TIMESTAMP(3) WHERE id = ? AND status = 'AWAITING_PAYMENT'",
                order)).isEqualTo(1);
        assertRefused("ck_orders_paid_or_cancelled", "UPDATE orders SET cancelled_at = CURRENT_TIMESTAMP(3) WHERE id = ?", order);
        // a late timeout after payment changes nothing: transitions are conditional on the current state
        assertThat(update("UPDATE orders SET status = 'CANCELLED', cancelled_at = CURRENT_TIMESTAMP(3) WHERE id = ?"
                + " AND status = 'AWAITING_PAYMENT'", order)).isZero();
    }

    @Test
    void keepsMoneyAtTwoDecimalsAndInstantsToTheMillisecond() throws SQLException {
        long order = randomId();
        insertOrder(order, randomId(), randomId(), randomId(), 2);
        Instant deadline = Instant.parse("2026-11-24T22:40:00.123Z");
        update("UPDATE orders SET status = 'AWAITING_PAYMENT', pay_deadline = ? WHERE id = ?", Timestamp.from(deadline), order);

        try (Connection c = connect();
             PreparedStatement s = c.prepareStatement("SELECT price, pay_deadline FROM orders WHERE id = ?")) {
            s.setLong(1, order);
            try (ResultSet r = s.executeQuery()) {
                assertThat(r.next()).isTrue();
                assertThat(r.getBigDecimal(1)).isEqualTo(new BigDecimal("9.90"));
                assertThat(r.getTimestamp(2).toInstant()).isEqualTo(deadline);
            }
        }
    }

    @Test
    void transactionLogAcceptsOnlyTheCoordinatorStates() throws SQLException {
        for (String state : List.of("TRYING", "PREPARED", "COMMITTING", "COMMITTED", "ROLLING_BACK", "ROLLED_BACK")) {
            update("INSERT INTO tx_log (tx_id, state, reservation_id, activity_id, user_id, deadline) VALUES (?, ?, ?, ?, ?, ?)",
                    "tx-" + randomId(), state, randomId(), randomId(), randomId(), LATER);
        }
        assertRefused("ck_tx_log_state", "INSERT INTO tx_log (tx_id, state, deadline) VALUES (?, 'DONE', ?)", "tx-" + randomId(), LATER);
        assertRefused("ck_tx_log_attempts", "INSERT INTO tx_log (tx_id, attempts, deadline) VALUES (?, -1, ?)", "tx-" + randomId(), LATER);
        String tx = "tx-" + randomId();
        update("INSERT INTO tx_log (tx_id, deadline) VALUES (?, ?)", tx, LATER);
        assertRefused("PRIMARY", "INSERT INTO tx_log (tx_id, deadline) VALUES (?, ?)", tx, LATER);
    }

    @Test
    void fenceRowOfAnEmptyRollbackMakesALateTryFail() throws SQLException {
        String tx = "tx-" + randomId();
        update("INSERT INTO tcc_fence_log (tx_id, branch, status) VALUES (?, 'order', 'SUSPENDED')", tx);

        assertRefused("PRIMARY", "INSERT INTO tcc_fence_log (tx_id, branch, status) VALUES (?, 'order', 'TRIED')", tx);
        assertRefused("ck_tcc_fence_log_status",
                "INSERT INTO tcc_fence_log (tx_id, branch, status) VALUES (?, 'order', 'PREPARED')", "tx-" + randomId());
        // a repeated confirm is a no-op: only a TRIED branch moves
        String tried = "tx-" + randomId();
        update("INSERT INTO tcc_fence_log (tx_id, branch, status) VALUES (?, 'order', 'TRIED')", tried);
        String confirm = "UPDATE tcc_fence_log SET status = 'COMMITTED' WHERE tx_id = ? AND branch = 'order' AND status = 'TRIED'";
        assertThat(update(confirm, tried)).isEqualTo(1);
        assertThat(update(confirm, tried)).isZero();
    }

    @Test
    void outboxKeepsTheExactJsonPayloadAndRefusesInvalidJson() throws SQLException {
        long event = randomId();
        String payload = "{\"type\":\"OrderCreated\", \"version\":1, \"data\":{\"orderId\":\"42\",\"note\":\"秒杀成功\"}}";
        update("INSERT INTO outbox_events (id, aggregate_type, aggregate_id, event_type, topic, message_key, payload)"
                + " VALUES (?, 'order', '42', 'OrderCreated', 'seckill.order.events', '42', ?)", event, payload);

        assertThat(strings("SELECT payload FROM outbox_events WHERE id = ? AND published_at IS NULL", event))
                .containsExactly(payload);
        assertRefused("ck_outbox_events_payload_json", "INSERT INTO outbox_events (id, aggregate_type, aggregate_id,"
                + " event_type, topic, payload) VALUES (?, 'order', '1', 'OrderCreated', 'seckill.order.events', '{oops')", randomId());
    }

    // ---------------------------------------------------------------------------------------------------------

    private static void insertOrder(long id, long reservation, long user, long activity, int quantity) throws SQLException {
        update("INSERT INTO orders (id, reservation_id, user_id, activity_id, quantity, price, tx_id)"
                + " VALUES (?, ?, ?, ?, ?, 9.90, ?)", id, reservation, user, activity, quantity, "tx-" + id);
    }
}

package io.seckill.order.orders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.seckill.infra.embedded.EmbeddedKafka;
import io.seckill.infra.embedded.FreePorts;
import io.seckill.infra.embedded.WithEmbeddedInfra;
import io.seckill.order.pipeline.CrashPoints;
import io.seckill.order.support.OrderFixtures;
import io.seckill.stock.StockLedger;
import io.seckill.tx.TxCheckpoints.Point;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A cancellation is a global transaction of the coordinator (DESIGN.md §6 "cancel via the coordinator"): logged,
 * fenced, decided with the order's CANCELLED state, the Redis release as its confirm. The canceller dies between
 * any two of its durable steps; the hanging scanner (2 s deadline here) and the release job converge on one
 * outcome: the order CANCELLED with its units back once in MySQL and Redis, or the cancellation rolled back with
 * the order untouched (and cancellable again). This test owns its Kafka broker, so the short deadline applies only
 * to its own order transactions.
 */
@WithEmbeddedInfra
@SpringBootTest(properties = {"seckill.tx.deadline=2s", "seckill.tx.scan-interval=300ms",
        "seckill.order.release-retry-interval=300ms"})
@Import(CancellationTransactionTest.Crashes.class)
@DirtiesContext
class CancellationTransactionTest {

    private static final EmbeddedKafka broker = new EmbeddedKafka(FreePorts.pick(), 1);
    private static final int STOCK = 3;

    @DynamicPropertySource
    static void ownBroker(DynamicPropertyRegistry registry) {
        registry.add("spring.kafka.bootstrap-servers", broker::bootstrapServers);
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    @Autowired
    JdbcClient jdbc;

    @Autowired
    StockLedger ledger;

    @Autowired
    KafkaTemplate<String, String> kafka;

    @Autowired
    Orders orders;

    @Autowired
    ArmedCrash crash;

    @Test
    void aCancellationIsOneCommittedTransactionWithBothBranchesAndItsUnitsBackOnce() {
        Sale sale = sale();
        assertThat(orders.cancelByBuyer(sale.buyer, sale.orderId).status()).isEqualTo("CANCELLED");

        List<Map<String, Object>> txs = cancellations(sale.orderId);
        assertThat(txs).hasSize(1);
        String txId = (String) txs.getFirst().get("tx_id");
        assertThat(txs.getFirst()).containsEntry("state", "COMMITTED")
                .containsEntry("reservation_id", sale.reservation).containsEntry("user_id", sale.buyer);
        assertThat(fence(txId, OrderCancelBranch.NAME)).isEqualTo("COMMITTED");
        assertThat(ledger.reservation(sale.activity, sale.reservation)).containsEntry("state", "CANCELLED");
        assertThat(ledger.stock(sale.activity)).containsEntry("available", Integer.toString(STOCK));
        assertThat(pending(sale.orderId)).isZero();
        assertThat(cancelledEvents(sale.orderId)).isEqualTo(1);
        assertBalanced(sale.activity);
    }

    @Test
    void aCancellationThatLosesRollsBackAndChangesNothing() {
        Sale sale = sale();
        assertThat(orders.pay(sale.buyer, sale.orderId).status()).isEqualTo("PAID");

        assertThat(orders.cancel(sale.orderId, "TIMEOUT")).isFalse();
        assertThat(cancellations(sale.orderId)).as("the pre-check saw it paid: no transaction").isEmpty();

        // Paid between the canceller's read and its try: the try refuses and the transaction rolls back, empty.
        Sale raced = sale();
        crash.onReached(txId -> txId.startsWith(Cancellations.PREFIX + raced.orderId + "-"), Point.TRIED,
                StockReleaseBranch.NAME, () -> orders.pay(raced.buyer, raced.orderId));
        assertThat(orders.cancel(raced.orderId, "USER")).isFalse();
        List<Map<String, Object>> txs = cancellations(raced.orderId);
        assertThat(txs).hasSize(1);
        assertThat(txs.getFirst()).containsEntry("state", "ROLLED_BACK");
        assertThat(fence((String) txs.getFirst().get("tx_id"), OrderCancelBranch.NAME)).as("empty rollback").isEqualTo("SUSPENDED");
        assertThat(status(raced.orderId)).isEqualTo("PAID");
        assertThat(ledger.reservation(raced.activity, raced.reservation)).containsEntry("state", "CONFIRMED");
        assertThat(cancelledEvents(raced.orderId)).isZero();
        assertBalanced(raced.activity);
    }

    static Stream<Arguments> crashPoints() {
        return Stream.of(
                Arguments.of(Point.BEGUN, null, false),
                Arguments.of(Point.TRIED, StockReleaseBranch.NAME, false),
                Arguments.of(Point.PREPARED, null, true),
                Arguments.of(Point.COMMITTING, null, true),
                Arguments.of(Point.CONFIRMED, StockReleaseBranch.NAME, true),
                Arguments.of(Point.CONFIRMED, OrderCancelBranch.NAME, true),
                Arguments.of(Point.COMMITTED, null, true));
    }

    @ParameterizedTest(name = "crash after {0} {1}")
    @MethodSource("crashPoints")
    void afterACrashTheScannerAndTheReleaseJobConvergeOnOneOutcome(Point point, String branch, boolean decided) {
        Sale sale = sale();
        crash.onReached(txId -> txId.startsWith(Cancellations.PREFIX + sale.orderId + "-"), point, branch, () -> {
            throw new SimulatedCrash(point + " " + branch);
        });
        assertThatThrownBy(() -> orders.cancel(sale.orderId, "TIMEOUT")).isInstanceOf(SimulatedCrash.class);
        String txId = (String) cancellations(sale.orderId).getFirst().get("tx_id");

        await().atMost(Duration.ofSeconds(30)).until(() -> state(txId).matches("COMMITTED|ROLLED_BACK"));
        assertThat(state(txId)).as("a decided cancellation is finished, an undecided one rolled back")
                .isEqualTo(decided ? "COMMITTED" : "ROLLED_BACK");
        if (decided) {
            assertThat(status(sale.orderId)).isEqualTo("CANCELLED");
            assertThat(ledger.reservation(sale.activity, sale.reservation)).containsEntry("state", "CANCELLED");
            assertThat(pending(sale.orderId)).isZero();
        } else {
            assertThat(status(sale.orderId)).as("untouched").isEqualTo("AWAITING_PAYMENT");
            assertThat(fence(txId, OrderCancelBranch.NAME)).isEqualTo("SUSPENDED");
            assertBalanced(sale.activity);
            // Still cancellable, by a new transaction.
            assertThat(orders.cancel(sale.orderId, "TIMEOUT")).isTrue();
            assertThat(cancellations(sale.orderId)).extracting(tx -> tx.get("state"))
                    .containsExactlyInAnyOrder("ROLLED_BACK", "COMMITTED");
        }
        assertThat(ledger.stock(sale.activity)).as("the unit back in Redis once")
                .containsEntry("available", Integer.toString(STOCK));
        assertThat(cancelledEvents(sale.orderId)).isEqualTo(1);
        assertBalanced(sale.activity);
    }

    private record Sale(long activity, long buyer, long reservation, long orderId) {
    }

    private Sale sale() {
        OrderFixtures fixtures = new OrderFixtures(jdbc, ledger, kafka);
        long activity = fixtures.activity(STOCK);
        long buyer = OrderFixtures.nextId();
        long reservation = fixtures.order(activity, buyer);
        return new Sale(activity, buyer, reservation, fixtures.orderId(activity, reservation));
    }

    private List<Map<String, Object>> cancellations(long orderId) {
        return jdbc.sql("SELECT tx_id, state, reservation_id, user_id FROM tx_log WHERE tx_id LIKE ? ORDER BY created_at")
                .param(Cancellations.PREFIX + orderId + "-%").query().listOfRows();
    }

    private String state(String txId) {
        return jdbc.sql("SELECT state FROM tx_log WHERE tx_id = ?").param(txId).query(String.class).single();
    }

    private String fence(String txId, String branch) {
        return jdbc.sql("SELECT status FROM tcc_fence_log WHERE tx_id = ? AND branch = ?").params(txId, branch)
                .query(String.class).optional().orElse("none");
    }

    private String status(long orderId) {
        return jdbc.sql("SELECT status FROM orders WHERE id = ?").param(orderId).query(String.class).single();
    }

    private int pending(long orderId) {
        return jdbc.sql("SELECT COUNT(*) FROM pending_redis_releases WHERE order_id = ?").param(orderId).query(Integer.class).single();
    }

    private int cancelledEvents(long orderId) {
        return jdbc.sql("SELECT COUNT(*) FROM outbox_events WHERE event_type = 'OrderCancelled' AND aggregate_id = ?")
                .param(Long.toString(orderId)).query(Integer.class).single();
    }

    private void assertBalanced(long activity) {
        Map<Object, Object> stock = ledger.stock(activity);
        int sold = jdbc.sql("SELECT sold FROM seckill_stock WHERE activity_id = ?").param(activity).query(Integer.class).single();
        int live = jdbc.sql("SELECT COALESCE(SUM(quantity), 0) FROM orders WHERE activity_id = ? AND status <> 'CANCELLED'")
                .param(activity).query(Integer.class).single();
        assertThat(sold).as("MySQL: sold = live orders").isEqualTo(live);
        assertThat(Integer.parseInt((String) stock.get("available")) + Integer.parseInt((String) stock.get("pending")) + live)
                .as("total = redis available + pending + live orders").isEqualTo(STOCK);
    }

    /** Stands in for a process death: an Error, so nothing on the way takes it for a transient failure. */
    static final class SimulatedCrash extends Error {
        SimulatedCrash(String where) {
            super("simulated crash after " + where);
        }
    }

    /** Runs an action once, when a matching transaction reaches a point (a crash, or a competitor's move). */
    static final class ArmedCrash implements CrashPoints {

        private volatile java.util.function.Predicate<String> txIds;
        private volatile Point point;
        private volatile String branch;
        private volatile Runnable action;

        void onReached(java.util.function.Predicate<String> txIds, Point point, String branch, Runnable action) {
            this.point = point;
            this.branch = branch;
            this.action = action;
            this.txIds = txIds;
        }

        @Override
        public synchronized void reached(String txId, Point point, String branch) {
            java.util.function.Predicate<String> armed = this.txIds;
            if (armed != null && point == this.point && Objects.equals(branch, this.branch) && armed.test(txId)) {
                this.txIds = null;
                action.run();
            }
        }
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class Crashes {
        @Bean
        @Primary
        ArmedCrash armedCrash() {
            return new ArmedCrash();
        }
    }
}

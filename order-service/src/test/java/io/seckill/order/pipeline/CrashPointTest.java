package io.seckill.order.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.seckill.infra.embedded.EmbeddedKafka;
import io.seckill.infra.embedded.FreePorts;
import io.seckill.infra.embedded.WithEmbeddedInfra;
import io.seckill.order.support.OrderFixtures;
import io.seckill.stock.StockLedger;
import io.seckill.tx.TxCheckpoints.Point;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
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
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The consumer dies between any two durable steps of an order's transaction (DESIGN.md §1.3/§1.4), on either path:
 * the batch path (the transaction in a batch with two others, all three driven step by step together) and the
 * per-order path ({@code seckill.order.batch-transactions} off). The crash is
 * an {@link Error} thrown from the test's {@link CrashPoints}: Spring Kafka stops the container with the batch's
 * offset uncommitted, as a killed process leaves it. Then the consumer restarts, either at once with the
 * transaction hidden from the scanner (the redelivery alone must resume and finish it) or only after the hanging
 * scanner alone has settled the transaction past its 2 s deadline. Either way: exactly one outcome, no duplicate order, nothing lost, both
 * ledgers balanced. This test owns its Kafka broker, so no other test context consumes its messages.
 */
@WithEmbeddedInfra
@SpringBootTest(properties = {"seckill.tx.deadline=2s", "seckill.tx.scan-interval=300ms"})
@Import(CrashPointTest.Crashes.class)
@DirtiesContext
class CrashPointTest {

    private static final EmbeddedKafka broker = new EmbeddedKafka(FreePorts.pick(), 1);

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
    KafkaListenerEndpointRegistry listeners;

    @Autowired
    ArmedCrash crash;

    @Autowired
    org.springframework.data.redis.core.StringRedisTemplate redis;

    @Autowired
    org.redisson.api.RedissonClient redisson;

    @Autowired
    OrderCreationListener listener;

    enum Restart { AT_ONCE, AFTER_THE_SCANNER }

    enum Path { BATCH, PER_ORDER }

    private static final int STOCK = 5;

    static Stream<Arguments> crashPoints() {
        Object[][] points = {
                {Point.BEGUN, null}, {Point.TRIED, ReservationBranch.NAME}, {Point.TRIED, OrderBranch.NAME},
                {Point.PREPARED, null}, {Point.COMMITTING, null}, {Point.CONFIRMED, ReservationBranch.NAME},
                {Point.CONFIRMED, OrderBranch.NAME}, {Point.COMMITTED, null}};
        return Stream.of(Path.values()).flatMap(path -> Stream.of(Restart.values())
                .flatMap(restart -> Stream.of(points).map(p -> Arguments.of(path, p[0], p[1], restart))));
    }

    @ParameterizedTest(name = "{0} path: crash after {1} {2}, restart {3}")
    @MethodSource("crashPoints")
    void afterACrashTheRedeliveryAndTheScannerConvergeOnOneOutcome(Path path, Point point, String branch, Restart restart)
            throws Exception {
        listener.batchTransactions(path == Path.BATCH);
        OrderFixtures fixtures = new OrderFixtures(jdbc, ledger, kafka);
        long activity = fixtures.activity(STOCK);
        long buyer = OrderFixtures.nextId();
        long reservation = fixtures.reserve(activity, buyer, 1);
        String txId = "rsv-" + reservation;
        CountDownLatch crashed = crash.arm(txId, point, branch);

        List<String> companions = new ArrayList<>();
        if (path == Path.BATCH) {
            // Two companions before it in the same poll (most likely): the crash leaves all three mid-way.
            for (int i = 0; i < 2; i++) {
                long companion = OrderFixtures.nextId();
                long companionReservation = fixtures.reserve(activity, companion, 1);
                companions.add("rsv-" + companionReservation);
                kafka.send("seckill.order.create", Long.toString(activity),
                        OrderFixtures.reservationCreated(companionReservation, activity, companion, 1));
            }
        }
        fixtures.send(activity, OrderFixtures.reservationCreated(reservation, activity, buyer, 1));
        assertThat(crashed.await(30, TimeUnit.SECONDS)).as("the consumer reached " + point).isTrue();
        listeners.getListenerContainers().forEach(MessageListenerContainer::stop);

        // The batch path writes the commit decision in the order branch's try transaction (the last resource), so
        // there a crash after that try already finds the transaction decided; the per-order path decides later.
        boolean decided = point.compareTo(Point.COMMITTING) >= 0 || (path == Path.BATCH && (point == Point.PREPARED
                || (point == Point.TRIED && OrderBranch.NAME.equals(branch))));
        if (restart == Restart.AFTER_THE_SCANNER) {
            try {
                await().atMost(Duration.ofSeconds(30)).until(() -> txState(txId).matches("COMMITTED|ROLLED_BACK"));
            } catch (org.awaitility.core.ConditionTimeoutException e) {
                throw new AssertionError("the scanner did not settle " + txId + ": " + describe(txId), e);
            } finally {
                listeners.getListenerContainers().forEach(MessageListenerContainer::start);
            }
            assertThat(txState(txId)).as("the scanner finishes what was decided and rolls back the rest")
                    .isEqualTo(decided ? "COMMITTED" : "ROLLED_BACK");
        } else {
            // Only the redelivery may finish it: the transaction is taken out of the scanner's sight.
            redis.opsForZSet().remove(io.seckill.tx.TxLog.DEADLINES, txId);
            listeners.getListenerContainers().forEach(MessageListenerContainer::start);
        }

        // A later reservation on the same partition: once it is an order, the redelivery before it was handled.
        long probe = fixtures.order(activity, OrderFixtures.nextId());
        await().atMost(Duration.ofSeconds(30)).until(() -> txState(txId).matches("COMMITTED|ROLLED_BACK"));
        // The ledgers balance once nothing is in flight: the companions are resumed one by one, in parallel, and
        // may still be between their order's try and its confirm when the probe (a fresh one, on the batch path)
        // is already an order.
        await().atMost(Duration.ofSeconds(30)).until(() -> companions.stream().allMatch(c -> txState(c).matches("COMMITTED|ROLLED_BACK")));

        int orders = jdbc.sql("SELECT COUNT(*) FROM orders WHERE reservation_id = ?").param(reservation).query(Integer.class).single();
        Map<Object, Object> held = ledger.reservation(activity, reservation);
        if (txState(txId).equals("COMMITTED")) {
            assertThat(orders).isEqualTo(1);
            assertThat(jdbc.sql("SELECT status FROM orders WHERE reservation_id = ?").param(reservation).query(String.class).single())
                    .isEqualTo("AWAITING_PAYMENT");
            assertThat(held).containsEntry("state", "CONFIRMED");
            assertThat(jdbc.sql("SELECT COUNT(*) FROM outbox_events WHERE event_type = 'OrderCreated' AND aggregate_id = ?")
                    .param(held.get("orderId")).query(Integer.class).single()).isEqualTo(1);
        } else {
            assertThat(decided).as("a decided commit is never rolled back").isFalse();
            assertThat(orders).isZero();
            assertThat(held).containsEntry("state", "FAILED");
        }
        assertThat(ledger.reservation(activity, probe)).containsEntry("state", "CONFIRMED");
        assertBalanced(activity, STOCK);
    }

    private String describe(String txId) {
        return jdbc.sql("SELECT CONCAT(state, ' attempts=', attempts, ' deadline=', deadline, ' now=', NOW(3), ' error=', COALESCE(last_error, '-'))"
                + " FROM tx_log WHERE tx_id = ?").param(txId).query(String.class).optional().orElse("no tx_log row")
                + " zscore=" + redis.opsForZSet().score(io.seckill.tx.TxLog.DEADLINES, txId)
                + " due=" + redis.opsForZSet().count(io.seckill.tx.TxLog.DEADLINES, 0, System.currentTimeMillis())
                + " locked=" + redisson.getFencedLock(FencedTransactions.name(txId)).isLocked();
    }

    private String txState(String txId) {
        return jdbc.sql("SELECT state FROM tx_log WHERE tx_id = ?").param(txId).query(String.class).optional().orElse("NONE");
    }

    private void assertBalanced(long activity, int total) {
        Map<Object, Object> stock = ledger.stock(activity);
        int sold = jdbc.sql("SELECT sold FROM seckill_stock WHERE activity_id = ?").param(activity).query(Integer.class).single();
        int live = jdbc.sql("SELECT COALESCE(SUM(quantity), 0) FROM orders WHERE activity_id = ? AND status <> 'CANCELLED'")
                .param(activity).query(Integer.class).single();
        assertThat(sold).as("MySQL: sold = live orders").isEqualTo(live);
        assertThat(Integer.parseInt((String) stock.get("available")) + Integer.parseInt((String) stock.get("pending")) + live)
                .as("total = redis available + pending + live orders").isEqualTo(total);
    }

    /** Stands in for a process death: not an Exception, so nothing on the way catches it as a transient failure. */
    static final class SimulatedCrash extends Error {
        SimulatedCrash(String where) {
            super("simulated crash after " + where);
        }
    }

    /** Throws once, for one transaction at one point. */
    static final class ArmedCrash implements CrashPoints {

        private volatile String txId;
        private volatile Point point;
        private volatile String branch;
        private volatile CountDownLatch fired = new CountDownLatch(1);

        CountDownLatch arm(String txId, Point point, String branch) {
            this.fired = new CountDownLatch(1);
            this.point = point;
            this.branch = branch;
            this.txId = txId;
            return fired;
        }

        @Override
        public synchronized void reached(String txId, Point point, String branch) {
            if (txId.equals(this.txId) && point == this.point && Objects.equals(branch, this.branch)) {
                this.txId = null;
                fired.countDown();
                throw new SimulatedCrash(point + (branch == null ? "" : " " + branch));
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

package io.seckill.order.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.seckill.infra.embedded.WithEmbeddedInfra;
import io.seckill.order.support.OrderFixtures;
import io.seckill.stock.StockLedger;
import io.seckill.tx.TransactionCoordinator;
import io.seckill.tx.TxCheckpoints.Point;
import io.seckill.tx.TxContext;
import io.seckill.tx.TxState;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.redisson.api.RedissonClient;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * A holder whose lock expired (a stalled consumer, say) keeps running after a newer holder took the transaction
 * over: its write carries the older fencing token and MySQL refuses it, so only the newer holder decides. The batch
 * path, which takes no lock, is outranked by any holder the same way.
 */
@WithEmbeddedInfra
@SpringBootTest
@Import(FencedLockTest.TakeoverPoints.class)
class FencedLockTest {

    @Autowired
    JdbcClient jdbc;

    @Autowired
    StockLedger ledger;

    @Autowired
    KafkaTemplate<String, String> kafka;

    @Autowired
    FencedTransactions locks;

    @Autowired
    RedissonClient redisson;

    @Autowired
    TransactionCoordinator coordinator;

    @Autowired
    OrderBranch orderBranch;

    @Autowired
    ReservationBranch reservationBranch;

    @Autowired
    BatchPipeline batch;

    @Autowired
    Takeovers takeovers;

    @Test
    void aStaleLockHoldersWriteIsRefusedOnceANewerHolderHasWritten() throws Exception {
        OrderFixtures fixtures = new OrderFixtures(jdbc, ledger, kafka);
        long activity = fixtures.activity(3);
        long user = OrderFixtures.nextId();
        long reservationId = fixtures.reserve(activity, user, 1);
        TxContext tx = new Reservation(reservationId, activity, user, 1, new BigDecimal("9.90")).transaction();
        List<String> branches = List.of(ReservationBranch.NAME, OrderBranch.NAME);
        coordinator.begin(tx, branches);

        CountDownLatch staleHolds = new CountDownLatch(1);
        CountDownLatch resume = new CountDownLatch(1);
        CompletableFuture<Throwable> staleWrite = CompletableFuture.supplyAsync(() -> {
            try {
                locks.run(tx.txId(), Duration.ofSeconds(5), () -> {
                    staleHolds.countDown();
                    awaitQuietly(resume);
                    orderBranch.confirm(tx); // wakes up after its lease ran out
                });
                return null;
            } catch (Throwable refused) {
                return refused;
            }
        });
        assertThat(staleHolds.await(10, TimeUnit.SECONDS)).isTrue();

        // The lease runs out (simulated) and a newer holder tries both branches with a higher token.
        redisson.getFencedLock(FencedTransactions.name(tx.txId())).forceUnlock();
        locks.run(tx.txId(), Duration.ofSeconds(5), () -> {
            reservationBranch.tryPhase(tx);
            orderBranch.tryPhase(tx);
        });
        long newerToken = jdbc.sql("SELECT fence_token FROM orders WHERE reservation_id = ?").param(reservationId)
                .query(Long.class).single();

        resume.countDown();
        assertThat(staleWrite.get(20, TimeUnit.SECONDS)).isInstanceOf(OrderBranch.StaleFenceToken.class);
        assertThat(jdbc.sql("SELECT status FROM orders WHERE reservation_id = ?").param(reservationId).query(String.class).single())
                .isEqualTo("PREPARED");
        assertThat(jdbc.sql("SELECT status FROM tcc_fence_log WHERE tx_id = ? AND branch = 'order'").param(tx.txId())
                .query(String.class).single()).as("the refused confirm rolled its fence step back").isEqualTo("TRIED");
        assertThat(jdbc.sql("SELECT fence_token FROM orders WHERE reservation_id = ?").param(reservationId)
                .query(Long.class).single()).isEqualTo(newerToken);

        // The current holder finishes the transaction normally.
        TransactionCoordinator.Result result = locks.call(tx.txId(), Duration.ofSeconds(5), () -> coordinator.execute(tx, branches));
        assertThat(result.state()).isEqualTo(TxState.COMMITTED);
        assertThat(jdbc.sql("SELECT status FROM orders WHERE reservation_id = ?").param(reservationId).query(String.class).single())
                .isEqualTo("AWAITING_PAYMENT");
        assertThat(jdbc.sql("SELECT fence_token FROM orders WHERE reservation_id = ?").param(reservationId)
                .query(Long.class).single()).isGreaterThan(newerToken);
        assertThat(ledger.reservation(activity, reservationId)).containsEntry("state", "CONFIRMED");
        assertThat(jdbc.sql("SELECT sold FROM seckill_stock WHERE activity_id = ?").param(activity).query(Integer.class).single()).isEqualTo(1);
        // The lock's token counter does not stay in Redis forever.
        await().atMost(Duration.ofSeconds(5)).until(() -> redisson.getKeys().remainTimeToLive(FencedTransactions.tokenKey(tx.txId())) > 0);
        assertThat(redisson.getKeys().remainTimeToLive(FencedTransactions.tokenKey(tx.txId())))
                .isLessThanOrEqualTo(FencedTransactions.TOKEN_TTL.toMillis());
    }

    /**
     * The batch path takes no lock: a driver that holds a transaction's lock (the scanner, an admin, the partition's
     * new owner after a rebalance) may drive it while the batch that began it is between two steps. Whichever step
     * the batch is at, the later driver's moves defeat the batch's compare-and-sets, the batch hands the chunk to
     * the per-order path, and every reservation ends as exactly one order with the ledgers balanced.
     */
    @ParameterizedTest(name = "taken over after {0} {1}")
    @CsvSource({"BEGUN,,true", "TRIED,reservation,true", "TRIED,order,false", "CONFIRMED,order,false",
            "CONFIRMED,reservation,false"})
    void aLockHolderOutranksTheBatchThatBeganTheTransaction(Point point, String branch, boolean holderWritesTheOrder)
            throws Exception {
        OrderFixtures fixtures = new OrderFixtures(jdbc, ledger, kafka);
        long activity = fixtures.activity(5);
        List<Reservation> reservations = threeReservations(fixtures, activity);
        Reservation target = reservations.get(1);
        CompletableFuture<TransactionCoordinator.Result> takenOver = takeovers.arm(target.txId(), point, branch,
                () -> locks.call(target.txId(), Duration.ofSeconds(5),
                        () -> coordinator.execute(target.transaction(), BatchPipeline.BRANCHES)));

        BatchPipeline.Outcome outcome = batch.run(reservations);

        assertThat(takenOver.get(20, TimeUnit.SECONDS).state()).as("the other driver finished it").isEqualTo(TxState.COMMITTED);
        List<Reservation> accounted = new ArrayList<>(outcome.committed());
        accounted.addAll(outcome.perOrder());
        assertThat(accounted).as("each one committed by the batch or left to the per-order path")
                .containsExactlyInAnyOrderElementsOf(reservations);
        if (holderWritesTheOrder) {
            assertThat(outcome.perOrder()).as("the batch's order insert met the holder's fence row").contains(target);
        }
        // What the batch left, the per-order path finishes, as the listener does after the batch.
        for (Reservation left : outcome.perOrder()) {
            assertThat(locks.call(left.txId(), Duration.ofSeconds(5),
                    () -> coordinator.execute(left.transaction(), BatchPipeline.BRANCHES)).state()).isEqualTo(TxState.COMMITTED);
        }
        for (Reservation r : reservations) {
            assertThat(jdbc.sql("SELECT status FROM orders WHERE reservation_id = ?").param(r.reservationId())
                    .query(String.class).list()).as("one order for %s", r.txId()).containsExactly("AWAITING_PAYMENT");
            assertThat(jdbc.sql("SELECT COUNT(*) FROM outbox_events e JOIN orders o ON CAST(e.aggregate_id AS UNSIGNED) = o.id"
                    + " WHERE o.reservation_id = ? AND e.event_type = 'OrderCreated'").param(r.reservationId())
                    .query(Integer.class).single()).as("one OrderCreated for %s", r.txId()).isEqualTo(1);
            assertThat(coordinator.state(r.txId())).isEqualTo(TxState.COMMITTED);
            assertThat(ledger.reservation(activity, r.reservationId())).containsEntry("state", "CONFIRMED")
                    .containsEntry("orderId", Long.toString(fixtures.orderId(activity, r.reservationId())));
        }
        long token = jdbc.sql("SELECT fence_token FROM orders WHERE reservation_id = ?").param(target.reservationId())
                .query(Long.class).single();
        if (holderWritesTheOrder) {
            // Before the batch's order commit: the holder tried and confirmed it, and the batch's insert then hit
            // the fence row's key.
            assertThat(token).as("the lock holder's token, above the batch's").isGreaterThan(OrderBatchBranch.FENCE_TOKEN);
        } else {
            // After it: the holder found the order branch committed and only finished the reservation and the log.
            assertThat(token).as("the batch's row, left as it was").isEqualTo(OrderBatchBranch.FENCE_TOKEN);
        }
        Map<Object, Object> stock = ledger.stock(activity);
        assertThat(jdbc.sql("SELECT sold FROM seckill_stock WHERE activity_id = ?").param(activity).query(Integer.class).single()).isEqualTo(3);
        assertThat(stock).containsEntry("available", "2").containsEntry("pending", "0");
    }

    /** Without another driver, the batch commits every one of them, and no lock (nor its token key) was taken. */
    @Test
    void theBatchPathTakesNoLock() {
        OrderFixtures fixtures = new OrderFixtures(jdbc, ledger, kafka);
        long activity = fixtures.activity(5);
        List<Reservation> reservations = threeReservations(fixtures, activity);
        BatchPipeline.Outcome outcome = batch.run(reservations);
        assertThat(outcome.committed()).containsExactlyElementsOf(reservations);
        for (Reservation r : reservations) {
            assertThat(redisson.getKeys().countExists(FencedTransactions.tokenKey(r.txId()), FencedTransactions.name(r.txId())))
                    .isZero();
            assertThat(jdbc.sql("SELECT fence_token FROM orders WHERE reservation_id = ?").param(r.reservationId())
                    .query(Long.class).single()).isEqualTo(OrderBatchBranch.FENCE_TOKEN);
        }
    }

    /** Three PENDING reservations of three buyers on {@code activity}, as a poll would bring them. */
    private static List<Reservation> threeReservations(OrderFixtures fixtures, long activity) {
        List<Reservation> reservations = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            long user = OrderFixtures.nextId();
            reservations.add(new Reservation(fixtures.reserve(activity, user, 1), activity, user, 1, new BigDecimal("9.90")));
        }
        return reservations;
    }

    /** Runs another driver once, for one transaction at one point of the batch, and waits for it (another instance). */
    static final class Takeovers implements CrashPoints {

        private final AtomicReference<Armed> armed = new AtomicReference<>();

        private record Armed(String txId, Point point, String branch, Supplier<TransactionCoordinator.Result> driver,
                             CompletableFuture<TransactionCoordinator.Result> result) {
        }

        CompletableFuture<TransactionCoordinator.Result> arm(String txId, Point point, String branch,
                                                             Supplier<TransactionCoordinator.Result> driver) {
            CompletableFuture<TransactionCoordinator.Result> result = new CompletableFuture<>();
            armed.set(new Armed(txId, point, branch, driver, result));
            return result;
        }

        @Override
        public void reached(String txId, Point point, String branch) {
            Armed now = armed.get();
            if (now == null || !now.txId().equals(txId) || now.point() != point || !Objects.equals(now.branch(), branch)
                    || !armed.compareAndSet(now, null)) {
                return;
            }
            try (ExecutorService other = Executors.newVirtualThreadPerTaskExecutor()) {
                other.submit(() -> {
                    try {
                        now.result().complete(now.driver().get());
                    } catch (Throwable failed) {
                        now.result().completeExceptionally(failed);
                    }
                });
            } // waits for it: the batch goes on once the other driver is done
        }
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class TakeoverPoints {
        @Bean
        @Primary
        Takeovers takeovers() {
            return new Takeovers();
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(20, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

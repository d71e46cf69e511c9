package io.seckill.order.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.seckill.infra.embedded.WithEmbeddedInfra;
import io.seckill.order.support.OrderFixtures;
import io.seckill.stock.StockLedger;
import io.seckill.tx.TransactionCoordinator;
import io.seckill.tx.TxContext;
import io.seckill.tx.TxState;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.redisson.api.RedissonClient;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * A holder whose lock expired (a stalled consumer, say) keeps running after a newer holder took the transaction
 * over: its write carries the older fencing token and MySQL refuses it, so only the newer holder decides.
 */
@WithEmbeddedInfra
@SpringBootTest
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

    @Test
    void aBatchTakesEveryFreeLockAtOnceLeavesOneHeldElsewhereAndReleasesAllOfThemOnClose() throws Exception {
        String first = "t-" + java.util.UUID.randomUUID();
        String elsewhere = "t-" + java.util.UUID.randomUUID();
        String second = "t-" + java.util.UUID.randomUUID();
        CountDownLatch holding = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(1);
        // Threads of their own: on two cores the common pool has one, which the holder below keeps busy.
        java.util.concurrent.ExecutorService threads = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor();
        CompletableFuture<Void> other = CompletableFuture.runAsync(() -> locks.run(elsewhere, Duration.ofSeconds(5), () -> {
            holding.countDown();
            awaitQuietly(done);
        }), threads);
        assertThat(holding.await(10, TimeUnit.SECONDS)).isTrue();

        try (FencedTransactions.Batch batch = locks.holdAll(List.of(first, elsewhere, second), Duration.ofSeconds(5))) {
            assertThat(batch.txIds()).containsExactly(first, second);
            long token = locks.token(first);
            assertThat(locks.call(first, Duration.ZERO, () -> locks.token(first))).as("re-entrant on this thread").isEqualTo(token);
            assertThat(locks.token(first)).as("still held after the nested call").isEqualTo(token);
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> locks.token(elsewhere)).isInstanceOf(IllegalStateException.class);
            assertThat(CompletableFuture.supplyAsync(() -> tryTake(second), threads).get(10, TimeUnit.SECONDS)).isEqualTo("busy");
        }
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> locks.token(first)).isInstanceOf(IllegalStateException.class);
        assertThat(CompletableFuture.supplyAsync(() -> tryTake(second), threads).get(10, TimeUnit.SECONDS)).isEqualTo("taken");
        await().atMost(Duration.ofSeconds(5)).until(() -> redisson.getKeys().remainTimeToLive(FencedTransactions.tokenKey(first)) > 0);
        assertThat(redisson.getKeys().remainTimeToLive(FencedTransactions.tokenKey(first)))
                .isLessThanOrEqualTo(FencedTransactions.TOKEN_TTL.toMillis());
        done.countDown();
        other.get(10, TimeUnit.SECONDS);
        threads.close();
    }

    private String tryTake(String txId) {
        try {
            locks.run(txId, Duration.ZERO, () -> {
            });
            return "taken";
        } catch (FencedTransactions.Busy busy) {
            return "busy";
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

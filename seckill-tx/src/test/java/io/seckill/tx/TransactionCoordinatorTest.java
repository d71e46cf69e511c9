package io.seckill.tx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.seckill.infra.embedded.EmbeddedInfra;
import io.seckill.infra.embedded.EmbeddedInfraExtension;
import io.seckill.infra.embedded.SchemaSql;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The coordinator and the fence against real MariaDB (order-service's tx_log and tcc_fence_log) and Redis, with
 * two MySQL participants that hold a row on try, as the order participant does.
 */
@ExtendWith(EmbeddedInfraExtension.class)
class TransactionCoordinatorTest {

    private static LettuceConnectionFactory redisFactory;
    private static StringRedisTemplate redis;
    private static JdbcClient jdbc;
    private static TransactionTemplate local;
    private static TccFence fence;
    private static TxLog txLog;

    @BeforeAll
    static void infrastructure() {
        EmbeddedInfra infra = EmbeddedInfra.shared();
        SchemaSql.flyway("filesystem:../order-service/src/main/resources/db/migration/order-service",
                "flyway_history_order_service").migrate();
        DriverManagerDataSource dataSource = new DriverManagerDataSource(infra.jdbcUrl(), infra.jdbcUsername(), infra.jdbcPassword());
        jdbc = JdbcClient.create(dataSource);
        local = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        jdbc.sql("CREATE TABLE IF NOT EXISTS tx_test_holds (tx_id VARCHAR(64), branch VARCHAR(64), state VARCHAR(16),"
                + " PRIMARY KEY (tx_id, branch))").update();
        redisFactory = new LettuceConnectionFactory(new RedisStandaloneConfiguration(infra.redisHost(), infra.redisPort()));
        redisFactory.afterPropertiesSet();
        redisFactory.start();
        redis = new StringRedisTemplate(redisFactory);
        fence = new TccFence(jdbc);
        txLog = new TxLog(redis, jdbc, Clock.systemUTC());
    }

    @AfterAll
    static void disconnect() {
        redisFactory.destroy();
    }

    /** Holds a row on try, confirms it, deletes it on cancel; counts the steps that really ran. */
    static final class HoldingBranch implements Participant {
        final String name;
        final AtomicInteger tries = new AtomicInteger();
        final AtomicInteger confirms = new AtomicInteger();
        final AtomicInteger cancels = new AtomicInteger();
        volatile RuntimeException failTry;
        volatile int failConfirms;

        HoldingBranch(String name) {
            this.name = name;
        }

        @Override
        public String branch() {
            return name;
        }

        @Override
        public void tryPhase(TxContext tx) {
            local.executeWithoutResult(status -> {
                if (fence.onTry(tx.txId(), name)) {
                    if (failTry != null) {
                        throw failTry;
                    }
                    jdbc.sql("INSERT INTO tx_test_holds VALUES (?, ?, 'HELD')").params(tx.txId(), name).update();
                    tries.incrementAndGet();
                }
            });
        }

        @Override
        public void confirm(TxContext tx) {
            if (failConfirms > 0) {
                failConfirms--;
                throw new IllegalStateException("simulated crash before confirm");
            }
            local.executeWithoutResult(status -> {
                if (fence.onConfirm(tx.txId(), name)) {
                    jdbc.sql("UPDATE tx_test_holds SET state = 'CONFIRMED' WHERE tx_id = ? AND branch = ?")
                            .params(tx.txId(), name).update();
                    confirms.incrementAndGet();
                }
            });
        }

        @Override
        public void cancel(TxContext tx) {
            local.executeWithoutResult(status -> {
                if (fence.onCancel(tx.txId(), name)) {
                    jdbc.sql("DELETE FROM tx_test_holds WHERE tx_id = ? AND branch = ?").params(tx.txId(), name).update();
                    cancels.incrementAndGet();
                }
            });
        }
    }

    @Test
    void fenceGivesIdempotenceEmptyRollbackAndAntiHanging() {
        String tx = newTx();
        assertThat(fence.onCancel(tx, "order")).as("empty rollback").isFalse();
        assertThat(fence.status(tx, "order")).hasValue("SUSPENDED");
        assertThatThrownBy(() -> fence.onTry(tx, "order")).isInstanceOf(BusinessRefusal.class)
                .extracting(e -> ((BusinessRefusal) e).reason()).isEqualTo("HANGING_TRY");
        assertThat(fence.onCancel(tx, "order")).isFalse();

        String other = newTx();
        assertThat(fence.onTry(other, "order")).isTrue();
        assertThat(fence.onTry(other, "order")).isFalse();
        assertThat(fence.onConfirm(other, "order")).isTrue();
        assertThat(fence.onConfirm(other, "order")).isFalse();
        assertThatThrownBy(() -> fence.onCancel(other, "order")).isInstanceOf(IllegalStateException.class);

        String third = newTx();
        assertThat(fence.onTry(third, "order")).isTrue();
        assertThat(fence.onCancel(third, "order")).isTrue();
        assertThat(fence.onCancel(third, "order")).isFalse();
        assertThatThrownBy(() -> fence.onConfirm(third, "order")).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void bothBranchesTriedThenConfirmedOnceAndTheLogSaysCommitted() {
        HoldingBranch a = new HoldingBranch("a");
        HoldingBranch b = new HoldingBranch("b");
        TransactionCoordinator coordinator = coordinator(Duration.ofMinutes(5), a, b);
        TxContext tx = new TxContext(newTx(), Map.of("reservationId", "42", "activityId", "7", "userId", "9"));

        assertThat(coordinator.execute(tx, List.of("a", "b"))).isEqualTo(new TransactionCoordinator.Result(TxState.COMMITTED, null));
        coordinator.commit(tx.txId());

        assertThat(a.confirms).hasValue(1);
        assertThat(b.confirms).hasValue(1);
        assertThat(holds(tx.txId())).containsExactlyInAnyOrder("CONFIRMED", "CONFIRMED");
        assertThat(jdbc.sql("SELECT state FROM tx_log WHERE tx_id = ?").param(tx.txId()).query(String.class).single()).isEqualTo("COMMITTED");
        assertThat(jdbc.sql("SELECT reservation_id FROM tx_log WHERE tx_id = ?").param(tx.txId()).query(Long.class).single()).isEqualTo(42L);
        assertThat(redis.opsForHash().get(TxLog.key(tx.txId()), "state")).isEqualTo("COMMITTED");
        assertThat(redis.opsForZSet().score(TxLog.DEADLINES, tx.txId())).isNull();
        assertMirrorExpiresAsFinal(tx.txId());
        assertThatThrownBy(() -> coordinator.rollback(tx.txId())).isInstanceOf(TransactionCoordinator.AlreadyCommitting.class);
    }

    /** A final transaction's mirror expires (the scanner and the decisions read MySQL); a live one's never does. */
    private static void assertMirrorExpiresAsFinal(String txId) {
        Long ttl = redis.getExpire(TxLog.key(txId));
        assertThat(ttl).isPositive().isLessThanOrEqualTo(TxLog.FINAL_MIRROR_TTL.toSeconds());
        assertThat(coordinatorState(txId)).isIn("COMMITTED", "ROLLED_BACK");
        assertThat(txLog.find(txId)).hasValueSatisfying(entry -> assertThat(entry.state().isFinal()).isTrue());
    }

    private static String coordinatorState(String txId) {
        return jdbc.sql("SELECT state FROM tx_log WHERE tx_id = ?").param(txId).query(String.class).single();
    }

    @Test
    void aRedeliveryResumesTheSameTransactionInsteadOfStartingAnother() {
        HoldingBranch a = new HoldingBranch("a");
        HoldingBranch b = new HoldingBranch("b");
        b.failTry = new IllegalStateException("Redis timeout");
        TransactionCoordinator coordinator = coordinator(Duration.ofMinutes(5), a, b);
        TxContext tx = new TxContext(newTx(), Map.of("reservationId", "1"));
        assertThatThrownBy(() -> coordinator.execute(tx, List.of("a", "b")));

        b.failTry = null;
        assertThat(coordinator.execute(tx, List.of("a", "b")).state()).isEqualTo(TxState.COMMITTED);
        assertThat(coordinator.execute(tx, List.of("a", "b")).state()).isEqualTo(TxState.COMMITTED);
        assertThat(a.tries).hasValue(1);
        assertThat(a.confirms).hasValue(1);
        assertThat(b.confirms).hasValue(1);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM tx_log WHERE tx_id = ?").param(tx.txId()).query(Integer.class).single()).isEqualTo(1);
    }

    @Test
    void aPermanentRefusalRollsBackEveryBranchTriedOrNot() {
        HoldingBranch a = new HoldingBranch("a");
        HoldingBranch b = new HoldingBranch("b");
        b.failTry = new BusinessRefusal("SOLD_OUT_IN_DATABASE", "stock guard");
        TransactionCoordinator coordinator = coordinator(Duration.ofMinutes(5), a, b);
        String tx = newTx();

        TransactionCoordinator.Result result = coordinator.execute(new TxContext(tx, Map.of()), List.of("a", "b"));

        assertThat(result).isEqualTo(new TransactionCoordinator.Result(TxState.ROLLED_BACK, "SOLD_OUT_IN_DATABASE"));
        assertThat(a.cancels).hasValue(1);
        assertThat(b.cancels).as("b never held anything: empty rollback").hasValue(0);
        assertThat(fence.status(tx, "b")).hasValue("SUSPENDED");
        assertThat(holds(tx)).isEmpty();
        assertMirrorExpiresAsFinal(tx);
        coordinator.rollback(tx);
        assertThat(a.cancels).hasValue(1);
    }

    @Test
    void aTransientFailureIsLeftToTheScannerWhichRollsBackPastTheDeadline() {
        HoldingBranch a = new HoldingBranch("a");
        HoldingBranch b = new HoldingBranch("b");
        b.failTry = new IllegalStateException("MySQL went away");
        TransactionCoordinator coordinator = coordinator(Duration.ZERO, a, b);
        String tx = newTx();

        assertThatThrownBy(() -> coordinator.execute(new TxContext(tx, Map.of()), List.of("a", "b")))
                .hasMessageContaining("MySQL went away");
        assertThat(coordinator.state(tx)).isEqualTo(TxState.TRYING);
        assertThat(txLog.pastDeadline(Instant.now().plusMillis(1), 1000)).contains(tx);

        coordinator.redrive(tx);
        assertThat(coordinator.state(tx)).isEqualTo(TxState.ROLLED_BACK);
        assertThat(holds(tx)).isEmpty();
        // The lost try of b finally arrives: refused, nothing held.
        b.failTry = null;
        assertThatThrownBy(() -> b.tryPhase(new TxContext(tx, Map.of()))).isInstanceOf(BusinessRefusal.class);
        assertThat(holds(tx)).isEmpty();
    }

    @Test
    void aCrashWhileCommittingIsFinishedByTheReDriveWithEachConfirmOnce() {
        HoldingBranch a = new HoldingBranch("a");
        HoldingBranch b = new HoldingBranch("b");
        b.failConfirms = 1;
        TransactionCoordinator coordinator = coordinator(Duration.ofMinutes(5), a, b);
        String tx = newTx();

        assertThatThrownBy(() -> coordinator.execute(new TxContext(tx, Map.of()), List.of("a", "b")))
                .hasMessageContaining("simulated crash");
        assertThat(coordinator.state(tx)).isEqualTo(TxState.COMMITTING);

        coordinator.redrive(tx);
        assertThat(coordinator.state(tx)).isEqualTo(TxState.COMMITTED);
        assertThat(a.confirms).hasValue(1);
        assertThat(b.confirms).hasValue(1);
        assertThat(holds(tx)).containsExactly("CONFIRMED", "CONFIRMED");
    }

    @Test
    void failedReDrivesAreCountedForTheHandOverToCompensation() {
        HoldingBranch a = new HoldingBranch("a");
        a.failConfirms = 5;
        TransactionCoordinator coordinator = coordinator(Duration.ofMinutes(5), a);
        String tx = newTx();
        assertThatThrownBy(() -> coordinator.execute(new TxContext(tx, Map.of()), List.of("a")));
        assertThat(coordinator.redrive(tx)).isEqualTo(1);
        assertThat(coordinator.redrive(tx)).isEqualTo(2);
        assertThat(coordinator.redrive(tx)).isEqualTo(3);
        assertThat(jdbc.sql("SELECT attempts FROM tx_log WHERE tx_id = ?").param(tx).query(Integer.class).single()).isEqualTo(3);
        assertThat(jdbc.sql("SELECT last_error FROM tx_log WHERE tx_id = ?").param(tx).query(String.class).single())
                .contains("simulated crash");
    }

    @Test
    void aBatchBeginsOnlyTheNewTransactionsAndEachOfThemIsResumableOnItsOwn() {
        HoldingBranch a = new HoldingBranch("a");
        List<String> reached = new java.util.concurrent.CopyOnWriteArrayList<>();
        TransactionCoordinator coordinator = new TransactionCoordinator(txLog, List.of(a), Clock.systemUTC(),
                () -> Duration.ofMinutes(5), (txId, point, branch) -> reached.add(txId + " " + point));
        TxContext redelivered = new TxContext(newTx(), Map.of("reservationId", "11"));
        assertThat(coordinator.begin(redelivered, List.of("a"))).isTrue();
        TxContext first = new TxContext(newTx(), Map.of("reservationId", "12", "activityId", "7", "userId", "9"));
        TxContext second = new TxContext(newTx(), Map.of("reservationId", "13"));
        reached.clear();

        assertThat(coordinator.beginAll(List.of(first, redelivered, second), List.of("a")))
                .containsExactly(first.txId(), second.txId());
        assertThat(reached).containsExactly(first.txId() + " BEGUN", second.txId() + " BEGUN");
        assertThat(jdbc.sql("SELECT user_id FROM tx_log WHERE tx_id = ?").param(first.txId()).query(Long.class).single()).isEqualTo(9L);
        assertThat(txLog.find(first.txId()).orElseThrow().context()).isEqualTo(first);
        assertThat(txLog.find(first.txId()).orElseThrow().branches()).containsExactly("a");
        assertThat(redis.opsForZSet().score(TxLog.DEADLINES, second.txId())).isNotNull();

        // The batch caller tried a for both; the scanner rolled the second back before the batch moved it on.
        a.tryPhase(first);
        a.tryPhase(second);
        coordinator.rollback(second.txId());
        reached.clear();
        assertThat(coordinator.transitionAll(List.of(first.txId(), second.txId()), TxState.TRYING, TxState.PREPARED))
                .containsExactly(first.txId());
        assertThat(reached).containsExactly(first.txId() + " PREPARED");
        assertThat(redis.opsForHash().get(TxLog.key(first.txId()), "state")).isEqualTo("PREPARED");
        // What the batch leaves, the single path finishes: here a redelivery of the first one.
        assertThat(coordinator.execute(first, List.of("a")).state()).isEqualTo(TxState.COMMITTED);
        assertThat(a.tries).hasValue(2);
        assertThat(a.confirms).hasValue(1);
        assertThat(redis.opsForZSet().score(TxLog.DEADLINES, first.txId())).isNull();
        assertThat(coordinator.beginAll(List.of(first, second), List.of("a"))).isEmpty();
    }

    @Test
    void aBatchOfTransitionsMovesOnlyThoseStillInTheExpectedStateAndClearsTheDeadlinesOfFinalOnes() {
        TransactionCoordinator coordinator = coordinator(Duration.ofMinutes(5), new HoldingBranch("a"));
        List<String> ids = beginThree(coordinator);
        assertThat(coordinator.transitionAll(ids, TxState.TRYING, TxState.PREPARED)).containsExactlyElementsOf(ids);
        assertThat(coordinator.transitionAll(ids, TxState.TRYING, TxState.PREPARED)).isEmpty();
        assertThat(coordinator.transitionAll(ids, TxState.PREPARED, TxState.COMMITTING)).containsExactlyElementsOf(ids);
        for (String id : ids) {
            assertThat(redis.getExpire(TxLog.key(id))).as("a live transaction's mirror never expires").isEqualTo(-1L);
        }
        assertThat(coordinator.transitionAll(ids, TxState.COMMITTING, TxState.COMMITTED)).containsExactlyElementsOf(ids);
        for (String id : ids) {
            assertThat(coordinator.state(id)).isEqualTo(TxState.COMMITTED);
            assertThat(redis.opsForHash().get(TxLog.key(id), "state")).isEqualTo("COMMITTED");
            assertThat(redis.opsForZSet().score(TxLog.DEADLINES, id)).isNull();
            assertMirrorExpiresAsFinal(id);
        }
    }

    @Test
    void theLastBranchWritesTheCommitDecisionInItsOwnLocalTransactionAllOrNothing() {
        TransactionCoordinator coordinator = coordinator(Duration.ofMinutes(5), new HoldingBranch("a"));
        List<String> ids = beginThree(coordinator);
        assertThatThrownBy(() -> coordinator.decideCommitWithin(ids)).as("only inside the caller's local transaction")
                .isInstanceOf(IllegalStateException.class);

        // The last branch's own rows are refused: its rollback takes the decision back with them.
        local.executeWithoutResult(status -> {
            assertThat(coordinator.decideCommitWithin(ids)).isTrue();
            status.setRollbackOnly();
        });
        ids.forEach(id -> assertThat(coordinator.state(id)).isEqualTo(TxState.TRYING));

        // The scanner rolled one back first: the caller hears it and must roll back; nothing moved.
        coordinator.rollback(ids.get(2));
        Boolean allMoved = local.execute(status -> {
            boolean all = coordinator.decideCommitWithin(ids);
            if (!all) {
                status.setRollbackOnly();
            }
            return all;
        });
        assertThat(allMoved).isFalse();
        assertThat(coordinator.state(ids.get(0))).isEqualTo(TxState.TRYING);

        List<String> live = ids.subList(0, 2);
        Boolean decided = local.execute(status -> coordinator.decideCommitWithin(live));
        assertThat(decided).isTrue();
        coordinator.commitDecided(live);
        for (String id : live) {
            assertThat(coordinator.state(id)).as("PREPARED and COMMITTING are one write here").isEqualTo(TxState.COMMITTING);
            assertThat(redis.opsForHash().get(TxLog.key(id), "state")).isEqualTo("COMMITTING");
        }
        assertThat(coordinator.transitionAll(live, TxState.COMMITTING, TxState.COMMITTED)).containsExactlyElementsOf(live);
        for (String id : live) {
            assertThat(coordinator.state(id)).isEqualTo(TxState.COMMITTED);
            assertThat(redis.opsForHash().get(TxLog.key(id), "state")).isEqualTo("COMMITTED");
            assertThat(redis.opsForZSet().score(TxLog.DEADLINES, id)).isNull();
        }
        assertThat(coordinator.state(ids.get(2))).isEqualTo(TxState.ROLLED_BACK);
    }

    /** Three fresh transactions of branch "a", begun together; their ids. */
    private static List<String> beginThree(TransactionCoordinator coordinator) {
        List<TxContext> txs = java.util.stream.IntStream.range(0, 3)
                .mapToObj(i -> new TxContext(newTx(), Map.of("reservationId", Integer.toString(i)))).toList();
        List<String> ids = txs.stream().map(TxContext::txId).toList();
        assertThat(coordinator.beginAll(txs, List.of("a"))).containsExactlyElementsOf(ids);
        return ids;
    }

    @Test
    void aLastResourceCommittedInOneStepHasItsFenceRowsInsertedAllOrNothingAsConfirmed() {
        String tried = newTx();
        String fresh = newTx();
        assertThat(fence.onTry(tried, "order")).isTrue();
        assertThatThrownBy(() -> fence.onCommitAll(List.of(fresh, tried), "order"))
                .isInstanceOf(org.springframework.dao.DuplicateKeyException.class);
        assertThat(fence.status(fresh, "order")).as("nothing of the statement was inserted").isEmpty();
        fence.onCommitAll(List.of(fresh), "order");
        assertThat(fence.status(fresh, "order")).hasValue("COMMITTED");
        assertThat(fence.onTry(fresh, "order")).as("a later try skips").isFalse();
        assertThat(fence.onConfirm(fresh, "order")).as("a later confirm skips").isFalse();
        assertThatThrownBy(() -> fence.onCancel(fresh, "order")).as("a committed branch is never cancelled")
                .isInstanceOf(IllegalStateException.class);
    }

    private static TransactionCoordinator coordinator(Duration deadline, Participant... participants) {
        return new TransactionCoordinator(txLog, List.of(participants), Clock.systemUTC(), deadline);
    }

    private static List<String> holds(String tx) {
        return jdbc.sql("SELECT state FROM tx_test_holds WHERE tx_id = ?").param(tx).query(String.class).list();
    }

    private static String newTx() {
        return "t-" + UUID.randomUUID();
    }
}

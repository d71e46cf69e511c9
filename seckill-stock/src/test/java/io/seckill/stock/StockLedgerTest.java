package io.seckill.stock;

import static org.assertj.core.api.Assertions.assertThat;

import io.seckill.infra.embedded.EmbeddedInfra;
import io.seckill.infra.embedded.EmbeddedInfraExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/** The Lua ledger against a real Redis: the promises of DESIGN.md §1 at the Redis level. */
@ExtendWith(EmbeddedInfraExtension.class)
class StockLedgerTest {

    private static final AtomicLong ids = new AtomicLong(io.seckill.infra.embedded.SchemaSql.randomStart());
    private static LettuceConnectionFactory factory;
    private static StockRedis stockRedis;
    private static StockLedger ledger;

    @BeforeAll
    static void connect() {
        EmbeddedInfra infra = EmbeddedInfra.shared();
        factory = new LettuceConnectionFactory(new RedisStandaloneConfiguration(infra.redisHost(), infra.redisPort()));
        factory.afterPropertiesSet();
        factory.start();
        stockRedis = new StockRedis(factory, true);
        ledger = new StockLedger(stockRedis);
    }

    @AfterAll
    static void disconnect() {
        stockRedis.close();
    }

    @Test
    void twoThousandConcurrentAttemptsOfAThousandBuyersTakeExactlyTheStockOncePerBuyer() throws Exception {
        long activity = ids.incrementAndGet();
        ledger.preheat(plan(activity, 100, 1, 0));
        int buyers = 1_000;
        ExecutorService pool = Executors.newFixedThreadPool(64);
        CountDownLatch start = new CountDownLatch(1);
        Map<Long, Long> acceptedByUser = new ConcurrentHashMap<>();
        Set<Long> duplicatesAccepted = ConcurrentHashMap.newKeySet();
        List<Future<ReserveOutcome>> attempts = new ArrayList<>();
        for (int i = 0; i < 2 * buyers; i++) {
            long user = 10_000 + (i % buyers);
            attempts.add(pool.submit(() -> {
                start.await();
                String path = "p" + ids.incrementAndGet();
                ledger.issuePath(activity, user, path, Duration.ofSeconds(60));
                long reservation = ids.incrementAndGet();
                StockLedger.Reserved reserved = ledger.reserve(activity, user, 1, System.currentTimeMillis(), reservation, path);
                assertThat(reserved.available()).isGreaterThanOrEqualTo(0);
                if (reserved.outcome() == ReserveOutcome.OK && acceptedByUser.putIfAbsent(user, reservation) != null) {
                    duplicatesAccepted.add(user);
                }
                return reserved.outcome();
            }));
        }
        start.countDown();
        List<ReserveOutcome> outcomes = new ArrayList<>();
        for (Future<ReserveOutcome> attempt : attempts) {
            outcomes.add(attempt.get());
        }
        pool.shutdown();

        assertThat(outcomes).filteredOn(o -> o == ReserveOutcome.OK).hasSize(100);
        assertThat(outcomes).allMatch(o -> Set.of(ReserveOutcome.OK, ReserveOutcome.SOLD_OUT, ReserveOutcome.DUPLICATE,
                ReserveOutcome.BAD_PATH).contains(o));
        assertThat(duplicatesAccepted).isEmpty();
        Map<Object, Object> stock = ledger.stock(activity);
        assertThat(stock).containsEntry("available", "0").containsEntry("pending", "100").containsEntry("total", "100");
        assertThat(stockRedis.template().opsForHash().size(StockKeys.buyers(activity))).isEqualTo(100);
        assertThat(stockRedis.template().opsForZSet().zCard(StockKeys.pending(activity))).isEqualTo(100);
        acceptedByUser.forEach((user, reservation) -> assertThat(ledger.reservation(activity, reservation))
                .containsEntry("user", user.toString()).containsEntry("state", "PENDING"));
    }

    @Test
    void everyRefusalIsDecidedBeforeAnyUnitMoves() {
        long activity = ids.incrementAndGet();
        ledger.preheat(plan(activity, 2, 1, 0));
        long now = System.currentTimeMillis();

        assertThat(attempt(activity, 1, 1, now, null)).isEqualTo(ReserveOutcome.BAD_PATH);
        ledger.issuePath(activity, 1, "right", Duration.ofSeconds(60));
        assertThat(ledger.reserve(activity, 1, 1, now, ids.incrementAndGet(), "wrong").outcome()).isEqualTo(ReserveOutcome.BAD_PATH);
        assertThat(ledger.reserve(activity, 1, 2, now, ids.incrementAndGet(), "right").outcome()).isEqualTo(ReserveOutcome.LIMIT);
        // The path was consumed by that attempt: reusing it is refused.
        assertThat(ledger.reserve(activity, 1, 1, now, ids.incrementAndGet(), "right").outcome()).isEqualTo(ReserveOutcome.BAD_PATH);

        assertThat(attempt(activity, 1, 1, now, "ok")).isEqualTo(ReserveOutcome.OK);
        assertThat(attempt(activity, 1, 1, now, "again")).isEqualTo(ReserveOutcome.DUPLICATE);
        assertThat(attempt(activity, 2, 1, now, "b")).isEqualTo(ReserveOutcome.OK);
        assertThat(attempt(activity, 3, 1, now, "c")).isEqualTo(ReserveOutcome.SOLD_OUT);

        long future = ids.incrementAndGet();
        ledger.preheat(new StockPlan(future, 5, 1, Instant.now().plusSeconds(60), Instant.now().plusSeconds(3600), 0));
        assertThat(attempt(future, 1, 1, now, "early")).isEqualTo(ReserveOutcome.NOT_STARTED);
        long past = ids.incrementAndGet();
        ledger.preheat(new StockPlan(past, 5, 1, Instant.now().minusSeconds(3600), Instant.now().minusSeconds(1), 0));
        assertThat(attempt(past, 1, 1, now, "late")).isEqualTo(ReserveOutcome.ENDED);
        assertThat(attempt(ids.incrementAndGet(), 1, 1, now, "none")).isEqualTo(ReserveOutcome.NOT_PRELOADED);

        assertThat(ledger.stock(activity)).containsEntry("available", "0").containsEntry("pending", "2");
        assertThat(ledger.stock(future)).containsEntry("available", "5");
        assertThat(ledger.stock(past)).containsEntry("available", "5");
    }

    @Test
    void undoReturnsTheUnitsExactlyOnceAndFreesTheBuyer() {
        long activity = ids.incrementAndGet();
        ledger.preheat(plan(activity, 10, 2, 0));
        long reservation = ids.incrementAndGet();
        ledger.issuePath(activity, 7, "x", Duration.ofSeconds(60));
        assertThat(ledger.reserve(activity, 7, 2, System.currentTimeMillis(), reservation, "x").outcome()).isEqualTo(ReserveOutcome.OK);
        assertThat(ledger.stock(activity)).containsEntry("available", "8").containsEntry("pending", "2");

        assertThat(ledger.undo(activity, reservation)).isTrue();
        assertThat(ledger.undo(activity, reservation)).isFalse();
        assertThat(ledger.stock(activity)).containsEntry("available", "10").containsEntry("pending", "0");
        assertThat(ledger.reservation(activity, reservation)).isEmpty();
        assertThat(stockRedis.template().opsForZSet().zCard(StockKeys.pending(activity))).isZero();
        assertThat(attempt(activity, 7, 1, System.currentTimeMillis(), "retry")).isEqualTo(ReserveOutcome.OK);
    }

    @Test
    void tccConfirmMovesTheUnitsFromPendingToTheOrderExactlyOnce() {
        long activity = ids.incrementAndGet();
        ledger.preheat(plan(activity, 10, 3, 0));
        long reservation = ids.incrementAndGet();
        ledger.issuePath(activity, 5, "p", Duration.ofSeconds(60));
        ledger.reserve(activity, 5, 3, System.currentTimeMillis(), reservation, "p");

        assertThat(ledger.prepare(activity, reservation, "tx-1")).isEqualTo(StockLedger.Prepared.PREPARED);
        assertThat(ledger.prepare(activity, reservation, "tx-1")).isEqualTo(StockLedger.Prepared.PREPARED);
        assertThat(ledger.prepare(activity, reservation, "tx-other")).isEqualTo(StockLedger.Prepared.TAKEN);
        assertThat(ledger.confirm(activity, reservation, 900)).isTrue();
        assertThat(ledger.confirm(activity, reservation, 900)).isFalse();
        assertThat(ledger.stock(activity)).containsEntry("available", "7").containsEntry("pending", "0");
        assertThat(ledger.reservation(activity, reservation)).containsEntry("state", "CONFIRMED").containsEntry("orderId", "900");
        assertThat(stockRedis.template().opsForHash().get(StockKeys.buyers(activity), "5")).isEqualTo(Long.toString(reservation));
        assertThat(stockRedis.template().opsForZSet().zCard(StockKeys.pending(activity))).isZero();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ledger.cancel(activity, reservation, "x"))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void tccCancelReturnsTheUnitsOnceKeepsTheReasonAndRefusesALateTry() {
        long activity = ids.incrementAndGet();
        ledger.preheat(plan(activity, 10, 1, 0));
        long reservation = ids.incrementAndGet();
        ledger.issuePath(activity, 6, "p", Duration.ofSeconds(60));
        ledger.reserve(activity, 6, 1, System.currentTimeMillis(), reservation, "p");
        assertThat(ledger.prepare(activity, reservation, "tx-2")).isEqualTo(StockLedger.Prepared.PREPARED);

        assertThat(ledger.cancel(activity, reservation, "SOLD_OUT_IN_DATABASE")).isTrue();
        assertThat(ledger.cancel(activity, reservation, "SOLD_OUT_IN_DATABASE")).isFalse();
        assertThat(ledger.stock(activity)).containsEntry("available", "10").containsEntry("pending", "0");
        assertThat(ledger.reservation(activity, reservation)).containsEntry("state", "FAILED")
                .containsEntry("reason", "SOLD_OUT_IN_DATABASE");
        assertThat(stockRedis.template().opsForHash().hasKey(StockKeys.buyers(activity), "6")).isFalse();
        assertThat(ledger.prepare(activity, reservation, "tx-2")).isEqualTo(StockLedger.Prepared.ROLLED_BACK);
        assertThat(ledger.cancel(activity, ids.incrementAndGet(), "none")).as("empty rollback").isFalse();
        assertThat(ledger.prepare(activity, ids.incrementAndGet(), "tx-3")).isEqualTo(StockLedger.Prepared.MISSING);
    }

    @Test
    void pipelinedTriesAndConfirmsAnswerEachReservationAsTheSingleScriptsDoEvenAfterTheScriptCacheWasFlushed() {
        long activity = ids.incrementAndGet();
        ledger.preheat(plan(activity, 10, 1, 0));
        List<Long> reservations = new ArrayList<>();
        for (int user = 1; user <= 3; user++) {
            long reservation = ids.incrementAndGet();
            ledger.issuePath(activity, user, "p", Duration.ofSeconds(60));
            ledger.reserve(activity, user, 1, System.currentTimeMillis(), reservation, "p");
            reservations.add(reservation);
        }
        ledger.cancel(activity, reservations.get(2), "USER");
        long missing = ids.incrementAndGet();
        // As after a Redis restart: the server knows none of the scripts' SHAs any more.
        stockRedis.template().execute((org.springframework.data.redis.core.RedisCallback<Object>) connection -> {
            connection.scriptingCommands().scriptFlush();
            return null;
        });

        assertThat(ledger.prepareAll(List.of(
                new StockLedger.Preparation(activity, reservations.get(0), "tx-a"),
                new StockLedger.Preparation(activity, reservations.get(1), "tx-b"),
                new StockLedger.Preparation(activity, reservations.get(2), "tx-c"),
                new StockLedger.Preparation(activity, missing, "tx-d"),
                new StockLedger.Preparation(activity, reservations.get(0), "tx-other"))))
                .containsExactly(StockLedger.Prepared.PREPARED, StockLedger.Prepared.PREPARED, StockLedger.Prepared.ROLLED_BACK,
                        StockLedger.Prepared.MISSING, StockLedger.Prepared.TAKEN);
        stockRedis.template().execute((org.springframework.data.redis.core.RedisCallback<Object>) connection -> {
            connection.scriptingCommands().scriptFlush();
            return null;
        });
        assertThat(ledger.confirmAll(List.of(
                new StockLedger.Confirmation(activity, reservations.get(0), 700),
                new StockLedger.Confirmation(activity, reservations.get(0), 700),
                new StockLedger.Confirmation(activity, reservations.get(2), 702))))
                .containsExactly(StockLedger.Confirmed.CONFIRMED, StockLedger.Confirmed.ALREADY_CONFIRMED,
                        StockLedger.Confirmed.NOT_PREPARED);
        assertThat(ledger.reservation(activity, reservations.get(0))).containsEntry("state", "CONFIRMED").containsEntry("orderId", "700");
        assertThat(ledger.stock(activity)).containsEntry("available", "8").containsEntry("pending", "1");
        assertThat(ledger.prepareAll(List.of())).isEmpty();
    }

    @Test
    void preheatIsIdempotentAndNeverHandsOutUnitsAlreadyTaken() {
        long activity = ids.incrementAndGet();
        assertThat(ledger.preheat(plan(activity, 50, 1, 0))).isEqualTo(new StockLedger.Preheated(true, 50));
        for (int user = 1; user <= 3; user++) {
            assertThat(attempt(activity, user, 1, System.currentTimeMillis(), "p" + user)).isEqualTo(ReserveOutcome.OK);
        }
        // Again, as the scheduler or an admin would: the 3 pending units stay taken.
        assertThat(ledger.preheat(plan(activity, 50, 1, 0))).isEqualTo(new StockLedger.Preheated(false, 47));
        // 10 units already became orders in MySQL: they are not handed out again either.
        assertThat(ledger.preheat(plan(activity, 50, 1, 10))).isEqualTo(new StockLedger.Preheated(false, 37));
        assertThat(ledger.stock(activity)).containsEntry("total", "50").containsEntry("pending", "3");
    }

    private static ReserveOutcome attempt(long activity, long user, int quantity, long now, String path) {
        if (path != null) {
            ledger.issuePath(activity, user, path, Duration.ofSeconds(60));
        }
        return ledger.reserve(activity, user, quantity, now, ids.incrementAndGet(), path == null ? "none" : path).outcome();
    }

    private static StockPlan plan(long activity, int total, int limit, long live) {
        return new StockPlan(activity, total, limit, Instant.now().minusSeconds(60), Instant.now().plusSeconds(3600), live);
    }
}

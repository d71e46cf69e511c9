package io.seckill.order.orders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.seckill.infra.embedded.EmbeddedKafka;
import io.seckill.infra.embedded.FreePorts;
import io.seckill.infra.embedded.WithEmbeddedInfra;
import io.seckill.order.support.OrderFixtures;
import io.seckill.stock.StockKeys;
import io.seckill.stock.StockLedger;
import io.seckill.stock.StockRedis;
import io.seckill.tx.TxLog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import redis.embedded.RedisServer;

/**
 * The stock Redis is down when a buyer cancels: MySQL takes the units back at once (the cancellation transaction is
 * decided, COMMITTING), and the Redis release waits in {@code pending_redis_releases} until Redis is back, then
 * happens exactly once and the transaction reaches COMMITTED. The test owns that Redis (with an
 * append-only file, so a restart keeps its data, as production's AOF does) and its own Kafka broker, so no other
 * test context's consumer handles its reservations against another Redis.
 */
@WithEmbeddedInfra
@SpringBootTest(properties = "seckill.order.release-retry-interval=300ms")
@DirtiesContext
class RedisReleaseRetryTest {

    private static final int STOCK_PORT = FreePorts.pick();
    private static final Path STOCK_DIR = stockDir();
    private static final EmbeddedKafka broker = new EmbeddedKafka(FreePorts.pick(), 1);
    private static RedisServer stockRedis = startStockRedis();

    @DynamicPropertySource
    static void ownInfrastructure(DynamicPropertyRegistry registry) {
        registry.add("spring.kafka.bootstrap-servers", broker::bootstrapServers);
        registry.add("seckill.redis.stock.host", () -> "127.0.0.1");
        registry.add("seckill.redis.stock.port", () -> STOCK_PORT);
    }

    @AfterAll
    static void stopWhatIsLeft() throws IOException {
        stockRedis.stop();
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
    PendingReleases releases;

    @Autowired
    ReleaseRetry retry;

    @Autowired
    StockRedis stockConnection;

    @Autowired
    StringRedisTemplate coordinatorLog;

    @Test
    void aCancellationWhileRedisIsDownReturnsTheUnitsToRedisOnceItIsBack() throws IOException {
        Bought bought = buy();
        long activity = bought.activity();
        long buyer = bought.buyer();
        long reservation = bought.reservation();
        long orderId = bought.orderId();
        assertThat(ledger.stock(activity)).containsEntry("available", "2");

        stockRedis.stop();
        assertThat(orders.cancelByBuyer(buyer, orderId).status()).isEqualTo("CANCELLED");
        assertThat(jdbc.sql("SELECT sold FROM seckill_stock WHERE activity_id = ?").param(activity).query(Integer.class).single())
                .as("MySQL has the unit back at once").isZero();
        assertThat(pending(orderId)).isEqualTo(1);
        assertThat(cancellationStates(orderId)).as("decided, its Redis confirm still to come").containsExactly("COMMITTING");

        stockRedis = startStockRedis();
        await().atMost(Duration.ofSeconds(30)).until(() -> pending(orderId) == 0);
        await().atMost(Duration.ofSeconds(10)).until(() -> cancellationStates(orderId).equals(java.util.List.of("COMMITTED")));
        assertThat(ledger.stock(activity)).containsEntry("available", "3").containsEntry("pending", "0");
        assertThat(ledger.reservation(activity, reservation)).containsEntry("state", "CANCELLED");

        // Exactly once: more retries, or the job racing a late first attempt, add nothing.
        retry.retry();
        assertThat(releases.release(orderId)).isEqualTo(PendingReleases.Outcome.RELEASED);
        assertThat(ledger.release(activity, reservation)).isFalse();
        assertThat(ledger.stock(activity)).containsEntry("available", "3");
        assertThat(jdbc.sql("SELECT COUNT(*) FROM orders WHERE user_id = ? AND activity_id = ?").params(buyer, activity)
                .query(Integer.class).single()).as("the buyer slot stays taken").isEqualTo(1);
    }

    @Test
    void aReleaseRedisCannotTakeIsRetriedEverMoreRarelyInsteadOfEveryRound() {
        Bought bought = buy();
        long activity = bought.activity();
        long buyer = bought.buyer();
        long reservation = bought.reservation();
        long orderId = bought.orderId();
        // Redis "forgot" the reservation (a failover without persistence): there is nothing it could release.
        assertThat(stockConnection.template().delete(StockKeys.reservation(activity, reservation))).isTrue();

        assertThat(orders.cancelByBuyer(buyer, orderId).status()).isEqualTo("CANCELLED");
        assertThat(attempts(orderId)).isEqualTo(1);
        assertThat(secondsUntilDue(orderId)).as("first back-off: 2 s").isBetween(1.0, 2.1);

        for (int round = 0; round < 5; round++) {
            retry.retry();
        }
        assertThat(attempts(orderId)).as("not due yet: the rounds leave it alone").isEqualTo(1);

        // Due now: the job (every 300 ms here) tries once more, then leaves it for the next, doubled, back-off.
        jdbc.sql("UPDATE pending_redis_releases SET next_attempt_at = CURRENT_TIMESTAMP(3) - INTERVAL 1 SECOND WHERE order_id = ?")
                .param(orderId).update();
        await().atMost(Duration.ofSeconds(5)).until(() -> attempts(orderId) == 2);
        await().during(Duration.ofMillis(1_200)).atMost(Duration.ofSeconds(3)).until(() -> attempts(orderId) == 2);
        assertThat(secondsUntilDue(orderId)).as("then 4 s").isBetween(1.5, 4.1);
        assertThat(pending(orderId)).as("kept for the reconciler and the operators").isEqualTo(1);
    }

    @Test
    void aCancellationOfAnActivityRedisLostEntirelyCommitsAtOnceWithoutRecreatingIt() {
        Bought bought = buy();
        long activity = bought.activity();
        // A Redis restart without its data: every key of the activity is gone (the payment timeout of an older sale
        // on a dev stack whose Redis kept nothing: a release retried every 10 minutes, for ever, until 2026-12-04).
        java.util.Set<String> keys = stockConnection.template().keys("seckill:{a:" + activity + "}:*");
        assertThat(keys).contains(StockKeys.stock(activity), StockKeys.reservation(activity, bought.reservation()));
        stockConnection.template().delete(keys);

        assertThat(orders.cancelByBuyer(bought.buyer(), bought.orderId()).status()).isEqualTo("CANCELLED");

        assertThat(pending(bought.orderId())).as("nothing left to retry").isZero();
        assertThat(cancellationStates(bought.orderId())).containsExactly("COMMITTED");
        assertThat(jdbc.sql("SELECT sold FROM seckill_stock WHERE activity_id = ?").param(activity).query(Integer.class).single())
                .as("MySQL has the unit back, which the next preheat counts").isZero();
        assertThat(ledger.stock(activity)).as("no partial stock hash for the preheat to mistake for a sale").isEmpty();
    }

    @Test
    void aCancellationWhoseCoordinatorLogRedisLostIsReleasedAndStillReachesCommitted() throws IOException {
        Bought bought = buy();
        stockRedis.stop();
        assertThat(orders.cancelByBuyer(bought.buyer(), bought.orderId()).status()).isEqualTo("CANCELLED");
        assertThat(cancellationStates(bought.orderId())).containsExactly("COMMITTING");
        jdbc.sql("UPDATE pending_redis_releases SET next_attempt_at = CURRENT_TIMESTAMP(3) + INTERVAL 1 HOUR WHERE order_id = ?")
                .param(bought.orderId()).update();
        // The cancellation's tx:{id} is lost (a cache Redis restarted without its data): the coordinator cannot
        // drive it, so the retry releases the order directly.
        String txId = jdbc.sql("SELECT tx_id FROM tx_log WHERE tx_id LIKE ?").param(Cancellations.PREFIX + bought.orderId() + "-%")
                .query(String.class).single();
        assertThat(coordinatorLog.delete("tx:{" + txId + "}")).isTrue();
        coordinatorLog.opsForZSet().remove(TxLog.DEADLINES, txId);

        stockRedis = startStockRedis();
        jdbc.sql("UPDATE pending_redis_releases SET next_attempt_at = CURRENT_TIMESTAMP(3) WHERE order_id = ?")
                .param(bought.orderId()).update();
        await().atMost(Duration.ofSeconds(30)).until(() -> pending(bought.orderId()) == 0);
        assertThat(ledger.stock(bought.activity())).containsEntry("available", "3").containsEntry("pending", "0");
        assertThat(cancellationStates(bought.orderId()))
                .as("the MySQL log does not stay COMMITTING for ever: both branches are done")
                .containsExactly("COMMITTED");
    }

    /** An order of a new buyer for a new activity of 3 units. */
    private record Bought(long activity, long buyer, long reservation, long orderId) {
    }

    private Bought buy() {
        OrderFixtures fixtures = new OrderFixtures(jdbc, ledger, kafka);
        long activity = fixtures.activity(3);
        long buyer = OrderFixtures.nextId();
        long reservation = fixtures.order(activity, buyer);
        return new Bought(activity, buyer, reservation, fixtures.orderId(activity, reservation));
    }

    private java.util.List<String> cancellationStates(long orderId) {
        return jdbc.sql("SELECT state FROM tx_log WHERE tx_id LIKE ?").param(Cancellations.PREFIX + orderId + "-%")
                .query(String.class).list();
    }

    private int attempts(long orderId) {
        return jdbc.sql("SELECT attempts FROM pending_redis_releases WHERE order_id = ?").param(orderId).query(Integer.class).single();
    }

    private double secondsUntilDue(long orderId) {
        return jdbc.sql("SELECT TIMESTAMPDIFF(MICROSECOND, CURRENT_TIMESTAMP(3), next_attempt_at) / 1e6 FROM pending_redis_releases WHERE order_id = ?")
                .param(orderId).query(Double.class).single();
    }

    private int pending(long orderId) {
        return jdbc.sql("SELECT COUNT(*) FROM pending_redis_releases WHERE order_id = ?").param(orderId).query(Integer.class).single();
    }

    private static Path stockDir() {
        try {
            return Files.createDirectories(Path.of("target", "release-retry-redis-" + ProcessHandle.current().pid()).toAbsolutePath());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static RedisServer startStockRedis() {
        try {
            RedisServer server = RedisServer.newRedisServer()
                    .port(STOCK_PORT)
                    .bind("127.0.0.1")
                    .setting("save \"\"")
                    .setting("appendonly yes")
                    .setting("appendfsync always")
                    .setting("dir " + STOCK_DIR)
                    .onShutdownForceStop(true)
                    .build();
            server.start();
            return server;
        } catch (IOException e) {
            throw new IllegalStateException("stock Redis did not start on " + STOCK_PORT, e);
        }
    }
}

package io.seckill.order.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.seckill.infra.embedded.EmbeddedKafka;
import io.seckill.infra.embedded.EmbeddedMariaDb;
import io.seckill.infra.embedded.FreePorts;
import io.seckill.infra.embedded.WithEmbeddedInfra;
import io.seckill.order.support.OrderFixtures;
import io.seckill.stock.StockLedger;
import io.seckill.tx.TxCheckpoints.Point;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * MariaDB goes down in the middle of a batch (DESIGN.md §4 "transient vs permanent"), on the per-order path and on
 * the batch path: the reservation being processed and every later one in the batch (on the batch path: every
 * unfinished one of its poll) take the transient path — handed to {@code seckill.order.compensation}
 * with the reservation kept, nothing rolled back. When the database is back and the compensation retry re-drives
 * them (here: the test re-publishes them to {@code seckill.order.create}, as the retry tier does), every accepted
 * reservation ends as exactly one order. The test owns that MariaDB and its Kafka broker; Redis is the shared one.
 */
@WithEmbeddedInfra
// One reservation at a time on the per-order path: the test stops the database at a known point of the batch and
// checks who came after.
@SpringBootTest(properties = {"spring.datasource.hikari.connection-timeout=1000", "seckill.outbox.interval=1s",
        "seckill.order.consumer-concurrency=1"})
@Import(MariaDbOutageTest.StopTheDatabase.class)
@DirtiesContext
class MariaDbOutageTest {

    private static final int BEFORE = 3;
    private static final int BATCH = 8;
    private static final EmbeddedMariaDb database = EmbeddedMariaDb.owned(
            Path.of("target", "outage-mariadb-" + ProcessHandle.current().pid()).toAbsolutePath(), "outage-test");
    private static final EmbeddedKafka broker = new EmbeddedKafka(FreePorts.pick(), 1);
    private static volatile String stopAtTx;

    @DynamicPropertySource
    static void ownInfrastructure(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", database::jdbcUrl);
        registry.add("spring.datasource.username", () -> EmbeddedMariaDb.USER);
        registry.add("spring.datasource.password", database::password);
        registry.add("spring.kafka.bootstrap-servers", broker::bootstrapServers);
    }

    @AfterAll
    static void stopWhatIsLeft() {
        database.close();
        broker.close();
    }

    @Autowired
    JdbcClient jdbc;

    @Autowired
    StockLedger ledger;

    @Autowired
    KafkaTemplate<String, String> kafka;

    @Autowired
    ConsumerFactory<String, String> consumers;

    @Autowired
    OrderCreationListener listener;

    @Test
    void aDatabaseOutageMidBatchKeepsTheReservationsAndEveryOneBecomesExactlyOneOrderAfterwards() {
        // The per-order path: the two before the third are orders, the third and every later one is handed over.
        listener.batchTransactions(false);
        outageMidBatch(batch -> batch.keySet().stream().skip(2).toList());
    }

    @Test
    void onTheBatchPathAnOutageHandsEveryUnfinishedReservationOfThePollOverAndEachBecomesOneOrderAfterwards() {
        // The batch path: the third's poll fails as a whole after its Redis tries; each of it resumes on its own,
        // finds no database and is handed over. Which reservations shared the third's poll is Kafka's choice.
        listener.batchTransactions(true);
        List<Long> kept = outageMidBatch(batch -> batch.keySet().stream()
                .filter(r -> !"CONFIRMED".equals(ledger.reservation(activity, r).get("state"))).toList());
        assertThat(kept).as("the third and the rest of its poll").hasSizeGreaterThanOrEqualTo(BATCH - 2);
    }

    private long activity;

    /**
     * Stops the database while the third reservation of a batch is between its two tries and checks that exactly
     * the reservations {@code expectedKept} names are handed to compensation, kept; then the database comes back,
     * the hand-overs are re-driven, and every reservation is exactly one order. @return the kept ones
     */
    private List<Long> outageMidBatch(Function<Map<Long, String>, List<Long>> expectedKept) {
        OrderFixtures fixtures = new OrderFixtures(jdbc, ledger, kafka);
        int total = BEFORE + BATCH;
        activity = fixtures.activity(20);
        for (int i = 0; i < BEFORE; i++) {
            fixtures.order(activity, OrderFixtures.nextId());
        }
        Map<Long, String> batch = new LinkedHashMap<>();
        for (int i = 0; i < BATCH; i++) {
            long buyer = OrderFixtures.nextId();
            long reservation = fixtures.reserve(activity, buyer, 1);
            batch.put(reservation, OrderFixtures.reservationCreated(reservation, activity, buyer, 1));
        }
        long third = batch.keySet().stream().skip(2).findFirst().orElseThrow();
        stopAtTx = "rsv-" + third;
        batch.values().forEach(message -> kafka.send("seckill.order.create", Long.toString(activity), message));
        kafka.flush();

        Set<String> keys = batch.keySet().stream().map(String::valueOf).collect(Collectors.toSet());
        List<Long> kept;
        try (Consumer<String, String> compensation = compensationReader()) {
            List<ConsumerRecord<String, String>> handedOver = new ArrayList<>();
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                // The topic also holds an earlier test's hand-overs: only this batch's count.
                compensation.poll(Duration.ofMillis(200)).forEach(record -> {
                    if (keys.contains(record.key())) {
                        handedOver.add(record);
                    }
                });
                return handedOver.size() >= BATCH - 2 && batch.keySet().stream().allMatch(r -> "CONFIRMED".equals(
                        ledger.reservation(activity, r).get("state")) || handedOver.stream().anyMatch(h -> h.key().equals(Long.toString(r))));
            });
            kept = expectedKept.apply(batch);
            assertThat(kept).contains(third);
            assertThat(handedOver).extracting(ConsumerRecord::key)
                    .containsExactlyInAnyOrderElementsOf(kept.stream().map(String::valueOf).toList());
            for (long reservation : kept) {
                assertThat(ledger.reservation(activity, reservation).get("state")).as("kept, not rolled back").isIn("PENDING", "PREPARED");
            }
            assertThat(ledger.stock(activity)).containsEntry("available", Integer.toString(20 - total));

            database.restart();
            // The compensation retry tier, as order-compensation runs it: re-drive whatever is handed over, again
            // and again, until the pipeline has finished it (the first tries may still find no connection).
            handedOver.forEach(record -> kafka.send("seckill.order.create", Long.toString(activity), record.value()));
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                compensation.poll(Duration.ofMillis(200)).forEach(record -> {
                    if (keys.contains(record.key())) {
                        kafka.send("seckill.order.create", Long.toString(activity), record.value());
                    }
                });
                return batch.keySet().stream()
                        .allMatch(reservation -> "CONFIRMED".equals(ledger.reservation(activity, reservation).get("state")));
            });
        }
        assertThat(jdbc.sql("SELECT COUNT(*) FROM orders WHERE activity_id = ?").param(activity).query(Integer.class).single())
                .isEqualTo(total);
        assertThat(jdbc.sql("SELECT COUNT(DISTINCT reservation_id) FROM orders WHERE activity_id = ? AND status = 'AWAITING_PAYMENT'")
                .param(activity).query(Integer.class).single()).isEqualTo(total);
        assertThat(jdbc.sql("SELECT sold FROM seckill_stock WHERE activity_id = ?").param(activity).query(Integer.class).single())
                .isEqualTo(total);
        assertThat(ledger.stock(activity)).containsEntry("available", Integer.toString(20 - total)).containsEntry("pending", "0");
        assertThat(jdbc.sql("SELECT COUNT(*) FROM tx_log WHERE activity_id = ? AND state <> 'COMMITTED'").param(activity)
                .query(Integer.class).single()).isZero();
        return kept;
    }

    /** Reads what the pipeline hands to the compensation topic of the test's broker, from the beginning. */
    private Consumer<String, String> compensationReader() {
        Consumer<String, String> consumer = consumers.createConsumer("outage-test-reader", "outage-test");
        TopicPartition partition = new TopicPartition(OrderCreationListener.COMPENSATION, 0);
        consumer.assign(List.of(partition));
        consumer.seekToBeginning(List.of(partition));
        return consumer;
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class StopTheDatabase {
        @Bean
        @Primary
        CrashPoints stopTheDatabaseMidTransaction() {
            return (txId, point, branch) -> {
                if (txId.equals(stopAtTx) && point == Point.TRIED && ReservationBranch.NAME.equals(branch)) {
                    stopAtTx = null;
                    database.stop();
                }
            };
        }
    }
}

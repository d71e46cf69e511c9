package io.seckill.order.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import io.seckill.infra.embedded.EmbeddedKafka;
import io.seckill.infra.embedded.FreePorts;
import io.seckill.infra.embedded.WithEmbeddedInfra;
import io.seckill.order.support.CountingDataSource;
import io.seckill.order.support.OrderFixtures;
import io.seckill.stock.StockLedger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The batch path: a poll's reservations share each step's round trips, and what it cannot settle for the group
 * the per-order path settles one by one. The reservations of a test are sent while the consumer is stopped, so
 * they arrive in one poll (one partition, the test's own broker). The background jobs that write MySQL are slowed
 * to an hour, so the statements counted under the pool are the pipeline's; the per-order path (the
 * setting off) is measured the same way, so a batch path that quietly fell back to it would fail.
 */
@WithEmbeddedInfra
@SpringBootTest(properties = {"seckill.outbox.interval=1h", "seckill.order.timeout-scan-interval=1h",
        "seckill.order.release-retry-interval=1h", "seckill.tx.scan-interval=1h",
        // One at a time on the per-order path: the refusals below are settled in a known order.
        "seckill.order.consumer-concurrency=1"})
@Import(BatchPipelineTest.Counting.class)
@DirtiesContext
class BatchPipelineTest {

    private static final EmbeddedKafka broker = new EmbeddedKafka(FreePorts.pick(), 1);
    private static final JsonMapper json = JsonMapper.builder().build();

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
    OrderCreationListener listener;

    @Autowired
    BatchPipeline pipeline;

    @Autowired
    MeterRegistry meters;

    @Autowired
    DataSource dataSource;

    private OrderFixtures fixtures;

    @BeforeEach
    void setUp() {
        fixtures = new OrderFixtures(jdbc, ledger, kafka);
        counting().ignore(Thread.currentThread()); // the test's own arrangements and checks
        listener.batchTransactions(true);
    }

    @AfterEach
    void consumerBackOn() {
        listener.batchTransactions(true);
        pipeline.chunkSize(BatchPipeline.CHUNK);
        listeners.getListenerContainers().forEach(MessageListenerContainer::start);
    }

    @Test
    void aBatchOfAHundredReservationsCostsAFewStatementsAndCommitsWhereTheSinglePathCostsSomeForEach() {
        int n = 100;
        long activity = fixtures.activity(n + 20);
        Cost batch = cost(activity, n);
        assertThat(batch.batches()).as("polls the reservations arrived in").isBetween(1.0, 3.0);
        assertThat(batch.committedByTheBatchPath()).isEqualTo(n);
        // Per poll: 2 to begin, 1 local transaction for the order branch with the commit decision, 1 for COMMITTED
        // (measured: 8 statements, 4 commits; 10 and 4 with a separate order confirm, 12 and 8 before the
        // transitions joined the branch transactions).
        assertThat(batch.statements()).as("statements for %d reservations", n).isLessThanOrEqualTo(9 * (long) batch.batches());
        assertThat(batch.commits()).as("commits for %d reservations", n).isLessThanOrEqualTo(5 * (long) batch.batches());

        listener.batchTransactions(false);
        int m = 20;
        Cost single = cost(activity, m);
        assertThat(single.committedByTheBatchPath()).isZero();
        assertThat(single.statements()).as("the per-order path, measured the same way").isGreaterThanOrEqualTo(10L * m);
        assertThat(single.commits()).isGreaterThanOrEqualTo(5L * m);

        assertThat(jdbc.sql("SELECT COUNT(*) FROM orders WHERE activity_id = ? AND status = 'AWAITING_PAYMENT'").param(activity)
                .query(Integer.class).single()).isEqualTo(n + m);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM outbox_events e JOIN orders o ON CAST(e.aggregate_id AS UNSIGNED) = o.id"
                + " WHERE o.activity_id = ? AND e.event_type = 'OrderCreated'").param(activity).query(Integer.class).single())
                .isEqualTo(n + m);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM tx_log WHERE activity_id = ? AND state = 'COMMITTED'").param(activity)
                .query(Integer.class).single()).isEqualTo(n + m);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM tcc_fence_log f JOIN tx_log t ON f.tx_id = t.tx_id"
                + " WHERE t.activity_id = ? AND f.branch = 'order' AND f.status = 'COMMITTED'").param(activity)
                .query(Integer.class).single()).isEqualTo(n + m);
        assertBalanced(activity, n + 20);
    }

    @Test
    void aSmallerChunkRunsAPollInMoreRoundsOfStepsAndCommitsEveryOneOnTheBatchPath() {
        pipeline.chunkSize(7); // seckill.order.batch-chunk, set at runtime
        int n = 50;
        long activity = fixtures.activity(n);
        double chunks = meters.counter("order.batch.chunks").count();

        Cost cost = cost(activity, n);

        assertThat(cost.batches()).as("polls the reservations arrived in").isBetween(1.0, 3.0);
        assertThat(meters.counter("order.batch.chunks").count() - chunks).as("rounds of steps: 50 in chunks of 7")
                .isGreaterThanOrEqualTo(8.0);
        assertThat(cost.committedByTheBatchPath()).isEqualTo(n);
        assertThat(cost.commits()).as("each round commits on its own").isGreaterThanOrEqualTo(3L * 8);
        assertBalanced(activity, n);
    }

    @Test
    void aMixedBatchEndsWithExactlyTheRightOrdersAndEveryRefusalWithItsReason() {
        long plenty = fixtures.activity(10, 10, 5);
        long scarce = fixtures.activity(2, 4, 1); // Redis let two too many through (a failover): MySQL says no
        long redeliveredBuyer = OrderFixtures.nextId();
        long redelivered = fixtures.reserve(plenty, redeliveredBuyer, 1);
        String redelivery = OrderFixtures.reservationCreated(redelivered, plenty, redeliveredBuyer, 1);
        fixtures.send(plenty, redelivery);
        await().atMost(Duration.ofSeconds(30)).until(() -> "COMMITTED".equals(txState(redelivered)));
        listeners.getListenerContainers().forEach(MessageListenerContainer::stop);

        List<String> messages = new ArrayList<>();
        List<Long> fresh = new ArrayList<>();
        long twiceBuyer = 0;
        for (int quantity = 1; quantity <= 3; quantity++) {
            long buyer = OrderFixtures.nextId();
            twiceBuyer = twiceBuyer == 0 ? buyer : twiceBuyer;
            long reservation = fixtures.reserve(plenty, buyer, quantity);
            fresh.add(reservation);
            messages.add(OrderFixtures.reservationCreated(reservation, plenty, buyer, quantity));
        }
        // Only a bug or a replay gives one buyer two reservations; the unique key refuses the second.
        long secondOfTheBuyer = fixtures.reserve(plenty, OrderFixtures.nextId(), 1);
        messages.add(OrderFixtures.reservationCreated(secondOfTheBuyer, plenty, twiceBuyer, 1));
        long missing = OrderFixtures.nextId(); // never reserved in Redis (or undone before Kafka's ack)
        messages.add(OrderFixtures.reservationCreated(missing, plenty, OrderFixtures.nextId(), 1));
        messages.add(redelivery);
        List<Long> scarceOnes = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            long buyer = OrderFixtures.nextId();
            long reservation = fixtures.reserve(scarce, buyer, 1);
            scarceOnes.add(reservation);
            messages.add(OrderFixtures.reservationCreated(reservation, scarce, buyer, 1));
        }
        double batchCommitted = committedByTheBatchPath();
        messages.forEach(message -> kafka.send("seckill.order.create", "mixed", message));
        kafka.flush();
        listeners.getListenerContainers().forEach(MessageListenerContainer::start);

        List<Long> all = new ArrayList<>(fresh);
        all.addAll(List.of(secondOfTheBuyer, missing, redelivered));
        all.addAll(scarceOnes);
        await().atMost(Duration.ofSeconds(60)).until(() -> all.stream().allMatch(r -> txState(r).matches("COMMITTED|ROLLED_BACK")));

        assertThat(committedByTheBatchPath() - batchCommitted).as("the fresh ones of the plentiful activity took the batch path")
                .isGreaterThanOrEqualTo(fresh.size());
        for (long reservation : fresh) {
            assertThat(txState(reservation)).isEqualTo("COMMITTED");
            assertThat(ledger.reservation(plenty, reservation)).containsEntry("state", "CONFIRMED")
                    .containsEntry("orderId", orderId(reservation).toString());
            assertThat(outboxCount("OrderCreated", orderId(reservation).toString())).isEqualTo(1);
        }
        assertThat(orderCount(redelivered)).as("the redelivery resumed its committed transaction").isEqualTo(1);
        assertThat(outboxCount("OrderCreated", orderId(redelivered).toString())).isEqualTo(1);
        assertThat(refusal(secondOfTheBuyer)).isEqualTo("DUPLICATE_ORDER");
        assertThat(ledger.reservation(plenty, secondOfTheBuyer)).containsEntry("state", "FAILED");
        assertThat(refusal(missing)).isEqualTo("RESERVATION_NOT_FOUND");
        assertThat(orderCount(secondOfTheBuyer) + orderCount(missing)).isZero();
        assertThat(jdbc.sql("SELECT SUM(quantity) FROM orders WHERE activity_id = ?").param(plenty).query(Integer.class).single())
                .isEqualTo(1 + 1 + 2 + 3);
        assertBalanced(plenty, 10);

        long ordered = scarceOnes.stream().filter(r -> "COMMITTED".equals(txState(r))).count();
        assertThat(ordered).as("the database stock, not Redis, decides").isEqualTo(2);
        for (long reservation : scarceOnes) {
            if ("ROLLED_BACK".equals(txState(reservation))) {
                assertThat(refusal(reservation)).isEqualTo("SOLD_OUT_IN_DATABASE");
                assertThat(ledger.reservation(scarce, reservation)).containsEntry("state", "FAILED");
                assertThat(orderCount(reservation)).isZero();
            } else {
                assertThat(ledger.reservation(scarce, reservation)).containsEntry("state", "CONFIRMED");
                assertThat(orderCount(reservation)).isEqualTo(1);
            }
        }
        assertThat(jdbc.sql("SELECT sold FROM seckill_stock WHERE activity_id = ?").param(scarce).query(Integer.class).single()).isEqualTo(2);
        assertBalanced(scarce, 4);
        assertThat(ledger.stock(scarce)).containsEntry("available", "2").containsEntry("pending", "0");
    }

    /** What the pipeline cost for {@code count} new reservations of an activity arriving while it was stopped. */
    private Cost cost(long activity, int count) {
        listeners.getListenerContainers().forEach(MessageListenerContainer::stop);
        List<Long> reservations = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            long buyer = OrderFixtures.nextId();
            long reservation = fixtures.reserve(activity, buyer, 1);
            reservations.add(reservation);
            kafka.send("seckill.order.create", Long.toString(activity), OrderFixtures.reservationCreated(reservation, activity, buyer, 1));
        }
        kafka.flush();
        double ordered = meters.counter("order.reservations", "outcome", "ordered").count();
        double batches = meters.summary("order.batch.size").count();
        double batchCommitted = committedByTheBatchPath();
        long statements = counting().statements();
        long commits = counting().commits();
        listeners.getListenerContainers().forEach(MessageListenerContainer::start);
        // Waits on the meter, not on MySQL: the test's own queries stay out of the count anyway, but this is exact.
        await().atMost(Duration.ofSeconds(60))
                .until(() -> meters.counter("order.reservations", "outcome", "ordered").count() - ordered >= count);
        Cost cost = new Cost(counting().statements() - statements, counting().commits() - commits,
                meters.summary("order.batch.size").count() - batches, committedByTheBatchPath() - batchCommitted);
        reservations.forEach(r -> assertThat(txState(r)).isEqualTo("COMMITTED"));
        org.slf4j.LoggerFactory.getLogger(BatchPipelineTest.class).info("{} reservations: {}", count, cost);
        return cost;
    }

    private record Cost(long statements, long commits, double batches, double committedByTheBatchPath) {
    }

    private double committedByTheBatchPath() {
        return meters.counter("order.batch.committed").count();
    }

    private CountingDataSource counting() {
        return (CountingDataSource) dataSource;
    }

    private String txState(long reservation) {
        return jdbc.sql("SELECT state FROM tx_log WHERE tx_id = ?").param("rsv-" + reservation).query(String.class).optional().orElse("NONE");
    }

    private Long orderId(long reservation) {
        return jdbc.sql("SELECT id FROM orders WHERE reservation_id = ?").param(reservation).query(Long.class).single();
    }

    private int orderCount(long reservation) {
        return jdbc.sql("SELECT COUNT(*) FROM orders WHERE reservation_id = ?").param(reservation).query(Integer.class).single();
    }

    private int outboxCount(String type, String aggregateId) {
        return jdbc.sql("SELECT COUNT(*) FROM outbox_events WHERE event_type = ? AND aggregate_id = ?").params(type, aggregateId)
                .query(Integer.class).single();
    }

    /** The reason in the buyer's {@code ReservationFailed} event (exactly one). */
    private String refusal(long reservation) {
        List<String> payloads = jdbc.sql("SELECT payload FROM outbox_events WHERE event_type = 'ReservationFailed' AND aggregate_id = ?")
                .param(Long.toString(reservation)).query(String.class).list();
        assertThat(payloads).hasSize(1);
        JsonNode event = json.readTree(payloads.getFirst());
        return event.path("payload").path("reason").asString();
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

    @TestConfiguration(proxyBeanMethods = false)
    static class Counting {
        @Bean
        static BeanPostProcessor countingDataSource() {
            return CountingDataSource.wrapping();
        }
    }
}

package io.seckill.order.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.seckill.infra.embedded.TopicReader;
import io.seckill.order.support.OrderFixtures;
import io.seckill.infra.embedded.WithEmbeddedInfra;
import io.seckill.stock.StockLedger;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reservation → order through real Kafka, Redis and MariaDB: the reservation is made by the same Lua script
 * seckill-api runs, the message is the one seckill-api sends, and the checks are DESIGN.md §1: exactly one order
 * per reservation, the ledger balanced in Redis and MySQL, no oversell even when Redis lets one too many through.
 */
@WithEmbeddedInfra
@SpringBootTest
class OrderPipelineTest {

    private static final JsonMapper json = JsonMapper.builder().build();

    @Autowired
    JdbcClient jdbc;

    @Autowired
    StockLedger ledger;

    @Autowired
    KafkaTemplate<String, String> kafka;

    @Test
    void aReservationBecomesExactlyOneOrderEvenWhenDeliveredTwice() {
        long activity = fixtures().activity(10, 10, 5);
        long user = OrderFixtures.nextId();
        long reservation = fixtures().reserve(activity, user, 2);
        String message = OrderFixtures.reservationCreated(reservation, activity, user, 2);

        kafka.send("seckill.order.create", Long.toString(activity), message).join();
        await().atMost(Duration.ofSeconds(30)).until(() -> "CONFIRMED".equals(ledger.reservation(activity, reservation).get("state")));
        kafka.send("seckill.order.create", Long.toString(activity), message).join();

        Map<String, Object> order = jdbc.sql("SELECT id, status, quantity, price, pay_deadline FROM orders WHERE reservation_id = ?")
                .param(reservation).query().singleRow();
        assertThat(order.get("status")).isEqualTo("AWAITING_PAYMENT");
        assertThat(order.get("pay_deadline")).isNotNull();
        assertThat(ledger.reservation(activity, reservation)).containsEntry("orderId", order.get("id").toString());
        assertBalanced(activity, 10);
        assertThat(jdbc.sql("SELECT sold FROM seckill_stock WHERE activity_id = ?").param(activity).query(Integer.class).single()).isEqualTo(2);

        List<JsonNode> events = orderEvents("OrderCreated", reservation, 1);
        assertThat(events.getFirst().path("payload").path("orderId").asString()).isEqualTo(order.get("id").toString());
        assertThat(events.getFirst().path("payload").path("userId").asString()).isEqualTo(Long.toString(user));
        // The redelivery resumed the same transaction: still one order, one event.
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() ->
                jdbc.sql("SELECT COUNT(*) FROM orders WHERE reservation_id = ?").param(reservation).query(Integer.class).single() == 1);
        assertThat(jdbc.sql("SELECT state FROM tx_log WHERE tx_id = ?").param("rsv-" + reservation).query(String.class).single())
                .isEqualTo("COMMITTED");
    }

    @Test
    void whenRedisLetsOneTooManyThroughTheDatabaseGuardRefusesItAndTheUnitGoesBack() {
        // Redis "forgot" a decrement (a failover): it believes in 2 units, MySQL knows there is 1.
        long activity = fixtures().activity(1, 2, 5);
        long first = fixtures().reserve(activity, OrderFixtures.nextId(), 1);
        long secondUser = OrderFixtures.nextId();
        long second = fixtures().reserve(activity, secondUser, 1);

        kafka.send("seckill.order.create", Long.toString(activity), OrderFixtures.reservationCreated(first, activity, 0, 1)).join();
        await().atMost(Duration.ofSeconds(30)).until(() -> "CONFIRMED".equals(ledger.reservation(activity, first).get("state")));
        kafka.send("seckill.order.create", Long.toString(activity), OrderFixtures.reservationCreated(second, activity, secondUser, 1)).join();
        await().atMost(Duration.ofSeconds(30)).until(() -> "FAILED".equals(ledger.reservation(activity, second).get("state")));

        assertThat(jdbc.sql("SELECT COUNT(*) FROM orders WHERE activity_id = ?").param(activity).query(Integer.class).single()).isEqualTo(1);
        assertThat(jdbc.sql("SELECT sold FROM seckill_stock WHERE activity_id = ?").param(activity).query(Integer.class).single()).isEqualTo(1);
        assertThat(ledger.stock(activity)).containsEntry("available", "1").containsEntry("pending", "0");
        List<JsonNode> failed = orderEvents("ReservationFailed", second, 1);
        assertThat(failed.getFirst().path("payload").path("reason").asString()).isEqualTo("SOLD_OUT_IN_DATABASE");
        assertThat(jdbc.sql("SELECT status FROM tcc_fence_log WHERE tx_id = ? AND branch = 'order'").param("rsv-" + second)
                .query(String.class).single()).isEqualTo("SUSPENDED");
    }

    @Test
    void aSecondOrderForTheSameBuyerIsRefusedByTheUniqueKey() {
        long activity = fixtures().activity(10, 10, 5);
        long user = OrderFixtures.nextId();
        long first = fixtures().reserve(activity, user, 1);
        kafka.send("seckill.order.create", Long.toString(activity), OrderFixtures.reservationCreated(first, activity, user, 1)).join();
        await().atMost(Duration.ofSeconds(30)).until(() -> "CONFIRMED".equals(ledger.reservation(activity, first).get("state")));

        // Only a bug or a replay could make a second reservation for the same buyer; the database still says no.
        long second = fixtures().reserve(activity, OrderFixtures.nextId(), 1);
        kafka.send("seckill.order.create", Long.toString(activity), OrderFixtures.reservationCreated(second, activity, user, 1)).join();
        await().atMost(Duration.ofSeconds(30)).until(() -> "FAILED".equals(ledger.reservation(activity, second).get("state")));
        assertThat(orderEvents("ReservationFailed", second, 1).getFirst().path("payload").path("reason").asString())
                .isEqualTo("DUPLICATE_ORDER");
        assertBalanced(activity, 10);
    }

    @Test
    void aBurstProcessedInParallelNeverOversellsAndGivesEveryReservationOneOutcome() {
        // Redis believes in 12 more units than MySQL has: the parallel consumer must still stop at the DB guard.
        int dbStock = 60;
        int burst = 72;
        long activity = fixtures().activity(dbStock, burst, 1);
        List<Long> reservations = new java.util.ArrayList<>();
        for (int i = 0; i < burst; i++) {
            long user = OrderFixtures.nextId();
            long reservation = fixtures().reserve(activity, user, 1);
            reservations.add(reservation);
            kafka.send("seckill.order.create", Long.toString(activity), OrderFixtures.reservationCreated(reservation, activity, user, 1));
        }
        kafka.flush();

        await().atMost(Duration.ofSeconds(90)).until(() -> reservations.stream().allMatch(reservation ->
                List.of("CONFIRMED", "FAILED").contains(String.valueOf(ledger.reservation(activity, reservation).get("state")))));
        long confirmed = reservations.stream().filter(r -> "CONFIRMED".equals(ledger.reservation(activity, r).get("state"))).count();
        assertThat(confirmed).isEqualTo(dbStock);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM orders WHERE activity_id = ?").param(activity).query(Integer.class).single())
                .isEqualTo(dbStock);
        assertThat(jdbc.sql("SELECT COUNT(DISTINCT reservation_id) FROM orders WHERE activity_id = ?").param(activity)
                .query(Integer.class).single()).isEqualTo(dbStock);
        assertThat(jdbc.sql("SELECT sold FROM seckill_stock WHERE activity_id = ?").param(activity).query(Integer.class).single())
                .isEqualTo(dbStock);
        // The refused units went back to Redis: it now holds the 12 units it invented, nothing pending.
        assertThat(ledger.stock(activity)).containsEntry("available", Integer.toString(burst - dbStock)).containsEntry("pending", "0");
    }

    private OrderFixtures fixtures() {
        return new OrderFixtures(jdbc, ledger, kafka);
    }

    private void assertBalanced(long activity, int total) {
        Map<Object, Object> stock = ledger.stock(activity);
        int sold = jdbc.sql("SELECT sold FROM seckill_stock WHERE activity_id = ?").param(activity).query(Integer.class).single();
        int live = jdbc.sql("SELECT COALESCE(SUM(quantity), 0) FROM orders WHERE activity_id = ? AND status <> 'CANCELLED'")
                .param(activity).query(Integer.class).single();
        assertThat(sold).isEqualTo(live);
        assertThat(Integer.parseInt((String) stock.get("available")) + Integer.parseInt((String) stock.get("pending")) + live)
                .as("total = redis available + pending + live orders").isEqualTo(total);
    }

    private static List<JsonNode> orderEvents(String type, long reservation, int expected) {
        List<JsonNode> found = TopicReader.read("seckill.order.events", record -> {
            JsonNode event = json.readTree(record.value());
            return type.equals(event.path("type").asString())
                    && event.path("payload").path("reservationId").asString().equals(Long.toString(reservation));
        }, expected, Duration.ofSeconds(30)).stream().map(record -> json.readTree(record.value())).toList();
        assertThat(found).hasSize(expected);
        return found;
    }
}

package io.seckill.compensation.sweeper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.seckill.compensation.ledger.LedgerReconciler;
import io.seckill.infra.embedded.TopicReader;
import io.seckill.infra.embedded.SchemaSql;
import io.seckill.infra.embedded.WithEmbeddedInfra;
import io.seckill.stock.StockKeys;
import io.seckill.stock.StockLedger;
import io.seckill.stock.StockPlan;
import io.seckill.stock.StockRedis;
import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Stale PENDING reservations are re-published while the sale runs and rolled back once it is over; the ledger
 * drift is 0 for a consistent activity and shows the exact number of units Redis invented or lost.
 */
@WithEmbeddedInfra
@SpringBootTest(properties = {"seckill.sweeper.pending-after=1s", "seckill.sweeper.interval=1h", "seckill.reconciler.interval=1h"})
class SweeperAndReconcilerTest {

    private static final AtomicLong ids = new AtomicLong(io.seckill.infra.embedded.SchemaSql.randomStart());
    private static final JsonMapper json = JsonMapper.builder().build();

    @Autowired
    JdbcClient jdbc;

    @Autowired
    StockLedger ledger;

    @Autowired
    StockRedis stock;

    @Autowired
    ReservationSweeper sweeper;

    @Autowired
    LedgerReconciler reconciler;

    @Autowired
    io.micrometer.core.instrument.MeterRegistry meters;

    /** The tables of admin-back and order-service this service reads. */
    @BeforeAll
    static void otherOwnersSchemas() {
        SchemaSql.flyway("filesystem:../admin-back/src/main/resources/db/migration/admin-back", "flyway_history_admin_back").migrate();
        SchemaSql.flyway("filesystem:../order-service/src/main/resources/db/migration/order-service", "flyway_history_order_service").migrate();
    }

    @Test
    void aStalePendingReservationIsRepublishedWhileTheSaleRuns() {
        Instant now = Instant.now();
        long activity = activity(now.minusSeconds(60), now.plusSeconds(3600), 10);
        long user = ids.incrementAndGet();
        long reservation = reserve(activity, user, now.minusSeconds(30));

        sweeper.sweep();

        JsonNode republished = reservationCreated(reservation);
        assertThat(republished.path("payload").path("userId").asString()).isEqualTo(Long.toString(user));
        assertThat(republished.path("payload").path("activityId").asString()).isEqualTo(Long.toString(activity));
        assertThat(republished.path("payload").path("unitPrice").asString()).isEqualTo("9.90");
        assertThat(ledger.reservation(activity, reservation)).containsEntry("state", "PENDING");
    }

    @Test
    void aPendingReservationOfAnEndedSaleIsRolledBackAndItsUnitsReturn() {
        Instant now = Instant.now();
        long activity = activity(now.minusSeconds(3600), now.plusSeconds(2), 10);
        long reservation = reserve(activity, ids.incrementAndGet(), now.minusSeconds(30));
        assertThat(ledger.stock(activity)).containsEntry("available", "9");

        await().atMost(Duration.ofSeconds(10)).until(() -> {
            sweeper.sweep();
            return "FAILED".equals(ledger.reservation(activity, reservation).get("state"));
        });
        assertThat(ledger.reservation(activity, reservation)).containsEntry("reason", "EXPIRED");
        assertThat(ledger.stock(activity)).containsEntry("available", "10").containsEntry("pending", "0");
    }

    @Test
    void theLedgerDriftIsZeroWhenConsistentAndExactWhenRedisInventedUnits() {
        Instant now = Instant.now();
        long activity = activity(now.minusSeconds(60), now.plusSeconds(3600), 10);
        reserve(activity, ids.incrementAndGet(), now);
        assertThat(reconciler.reconcile(activity)).isEqualTo(new LedgerReconciler.Drift(activity, 0, 0));

        stock.template().opsForHash().increment(StockKeys.stock(activity), "available", 2);
        assertThat(reconciler.reconcile(activity).full()).isEqualTo(-2);
        jdbc.sql("UPDATE seckill_stock SET sold = sold + 1 WHERE activity_id = ?").param(activity).update();
        assertThat(reconciler.reconcile(activity).mysql()).isEqualTo(1);

        reconciler.reconcileAll();
        assertThat(meters.get("seckill.stock.ledger.drift").tags("activity", Long.toString(activity), "ledger", "full")
                .gauge().value()).isEqualTo(-2);
        assertThat(meters.get("seckill.stock.ledger.drift").tags("activity", Long.toString(activity), "ledger", "mysql")
                .gauge().value()).isEqualTo(1);
    }

    private long activity(Instant start, Instant end, int total) {
        long product = ids.incrementAndGet();
        jdbc.sql("INSERT INTO products (id, name, original_price) VALUES (?, ?, ?)").params(product, "p" + product, new BigDecimal("59.00")).update();
        long activity = ids.incrementAndGet();
        jdbc.sql("""
                INSERT INTO seckill_activities (id, product_id, title, seckill_price, total_stock, per_user_limit, start_time, end_time, status)
                VALUES (?, ?, 't', ?, ?, 1, ?, ?, 'LIVE')""")
                .params(activity, product, new BigDecimal("9.90"), total, Timestamp.from(start), Timestamp.from(end)).update();
        jdbc.sql("INSERT INTO seckill_stock (activity_id, total, sold) VALUES (?, ?, 0)").params(activity, total).update();
        ledger.preheat(new StockPlan(activity, total, 1, start, end, 0));
        return activity;
    }

    private long reserve(long activity, long user, Instant at) {
        long reservation = ids.incrementAndGet();
        ledger.issuePath(activity, user, "p", Duration.ofSeconds(60));
        ledger.reserve(activity, user, 1, at.toEpochMilli(), reservation, "p");
        return reservation;
    }

    private static JsonNode reservationCreated(long reservation) {
        return json.readTree(TopicReader.read("seckill.order.create", record -> json.readTree(record.value())
                .path("payload").path("reservationId").asString().equals(Long.toString(reservation)), 1, Duration.ofSeconds(30))
                .getFirst().value());
    }
}

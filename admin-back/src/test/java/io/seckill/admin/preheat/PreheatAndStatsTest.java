package io.seckill.admin.preheat;

import static io.seckill.admin.support.Fixtures.createActivity;
import static org.assertj.core.api.Assertions.assertThat;

import io.seckill.admin.support.AdminApiTest;
import io.seckill.admin.support.Http;
import io.seckill.stock.ReserveOutcome;
import io.seckill.stock.StockKeys;
import io.seckill.stock.StockLedger;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * Preheat and stats against real Redis and MariaDB, with reservations and orders made the way seckill-api and
 * order-service make them (the shared StockLedger scripts, order-service's tables): the ledger stays balanced.
 */
class PreheatAndStatsTest extends AdminApiTest {

    @Autowired
    StockLedger ledger;

    private String token;

    @BeforeEach
    void setUp() {
        token = tokenWith("product:write", "activity:read", "activity:write", "activity:preheat");
    }

    private String liveActivity(int stock, int limit) {
        Instant start = Instant.now().minusSeconds(60).truncatedTo(ChronoUnit.SECONDS);
        return createActivity(http(), token, stock, limit, start, start.plus(1, ChronoUnit.HOURS));
    }

    private JsonNode preheat(String id) {
        Http.Response response = http().post("/api/admin/activities/" + id + "/preheat", token, null);
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json();
    }

    private JsonNode stats(String id) {
        Http.Response response = http().get("/api/admin/activities/" + id + "/stats", token);
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json();
    }

    /** A buyer's reservation through the reserve script, as seckill-api makes it. */
    private long reserve(long activity, long user, int quantity) {
        long reservation = ids.nextId();
        ledger.issuePath(activity, user, "p" + reservation, java.time.Duration.ofSeconds(60));
        StockLedger.Reserved reserved = ledger.reserve(activity, user, quantity, System.currentTimeMillis(), reservation,
                "p" + reservation);
        assertThat(reserved.outcome()).isEqualTo(ReserveOutcome.OK);
        return reservation;
    }

    /** The reservation becomes an order, as order-service's transaction does: MySQL sold + order row, then Redis confirm. */
    private void order(long activity, long user, long reservation, int quantity) {
        jdbc.sql("UPDATE seckill_stock SET sold = sold + ? WHERE activity_id = ? AND sold + ? <= total")
                .params(quantity, activity, quantity).update();
        long order = ids.nextId();
        jdbc.sql("INSERT INTO orders (id, reservation_id, user_id, activity_id, quantity, price, status, pay_deadline)"
                        + " VALUES (?, ?, ?, ?, ?, 9.90, 'AWAITING_PAYMENT', ?)")
                .params(order, reservation, user, activity, quantity, Timestamp.from(Instant.now().plusSeconds(900))).update();
        assertThat(ledger.prepare(activity, reservation, "tx" + reservation)).isEqualTo(StockLedger.Prepared.PREPARED);
        ledger.confirm(activity, reservation, order);
    }

    @Test
    void preheatLoadsStockAndRulesSchedulesTheDraftAndIsIdempotent() {
        Instant start = Instant.now().plus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        String id = createActivity(http(), token, 100, 3, start, start.plus(2, ChronoUnit.HOURS));
        assertThat(stats(id).path("preheated").asBoolean()).isFalse();

        JsonNode first = preheat(id);
        assertThat(first.path("activityId").asString()).isEqualTo(id);
        assertThat(first.path("total").asInt()).isEqualTo(100);
        assertThat(first.path("available").asLong()).isEqualTo(100);
        assertThat(redis.opsForHash().entries(StockKeys.stock(Long.parseLong(id))))
                .containsEntry("total", "100").containsEntry("limit", "3")
                .containsEntry("start", Long.toString(start.toEpochMilli()));
        assertThat(http().get("/api/admin/activities/" + id, token).json().path("status").asString()).isEqualTo("SCHEDULED");
        assertThat(preheat(id).path("available").asLong()).isEqualTo(100);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_log WHERE action = 'ACTIVITY_PREHEAT' AND target_id = ?")
                .param(id).query(Long.class).single()).isEqualTo(2);
    }

    @Test
    void twoConcurrentPreheatsDoNotDoubleTheStock() {
        String id = liveActivity(50, 1);
        List<CompletableFuture<Http.Response>> calls = List.of(
                CompletableFuture.supplyAsync(() -> http().post("/api/admin/activities/" + id + "/preheat", token, null)),
                CompletableFuture.supplyAsync(() -> http().post("/api/admin/activities/" + id + "/preheat", token, null)));

        for (CompletableFuture<Http.Response> call : calls) {
            assertThat(call.join().status()).isEqualTo(200);
            assertThat(call.join().json().path("available").asLong()).isEqualTo(50);
        }
        assertThat(ledger.available(Long.parseLong(id))).hasValue(50);
        assertThat(stats(id).path("ledgerDrift").asLong()).isZero();
    }

    @Test
    void preheatDuringTheSaleKeepsPendingReservationsAndOrdersAndTheLedgerBalanced() {
        String id = liveActivity(10, 3);
        long activity = Long.parseLong(id);
        preheat(id);
        long first = reserve(activity, 1, 2);
        order(activity, 1, first, 2);
        reserve(activity, 2, 3);

        JsonNode before = stats(id);
        assertThat(before.path("total").asInt()).isEqualTo(10);
        assertThat(before.path("redisAvailable").asLong()).isEqualTo(5);
        assertThat(before.path("pendingReservations").asLong()).isEqualTo(3);
        assertThat(before.path("orders").path("AWAITING_PAYMENT").asLong()).isEqualTo(1);
        assertThat(before.path("liveOrderUnits").asLong()).isEqualTo(2);
        assertThat(before.path("ledgerDrift").asLong()).isZero();

        assertThat(preheat(id).path("available").asLong()).isEqualTo(5);
        assertThat(stats(id).path("ledgerDrift").asLong()).isZero();

        // Redis lost the activity (a restart): the rebuild takes the sold units from MySQL, never hands them out again.
        redis.delete(StockKeys.stock(activity));
        assertThat(preheat(id).path("available").asLong()).isEqualTo(8);
    }

    @Test
    void afterRedisLostTheActivityThePreheatRestoresItsBuyerSlotsAndTheLiveOrdersRecords() {
        String id = liveActivity(10, 2);
        long activity = Long.parseLong(id);
        preheat(id);
        long awaiting = reserve(activity, 11, 2);
        order(activity, 11, awaiting, 2);
        long paid = reserve(activity, 12, 1);
        order(activity, 12, paid, 1);
        jdbc.sql("UPDATE orders SET status = 'PAID', paid_at = CURRENT_TIMESTAMP(3) WHERE reservation_id = ?").param(paid).update();
        long cancelled = reserve(activity, 13, 1);
        order(activity, 13, cancelled, 1);
        jdbc.sql("UPDATE orders SET status = 'CANCELLED', cancelled_at = CURRENT_TIMESTAMP(3), cancel_reason = 'USER'"
                + " WHERE reservation_id = ?").param(cancelled).update();
        jdbc.sql("UPDATE seckill_stock SET sold = sold - 1 WHERE activity_id = ?").param(activity).update();
        assertThat(ledger.release(activity, cancelled)).isTrue();
        assertThat(ledger.available(activity)).hasValue(7);

        // Redis loses everything of the activity (a restart without persistence).
        redis.delete(List.of(StockKeys.stock(activity), StockKeys.buyers(activity), StockKeys.pending(activity),
                StockKeys.reservation(activity, awaiting), StockKeys.reservation(activity, paid),
                StockKeys.reservation(activity, cancelled)));
        assertThat(preheat(id).path("available").asLong()).as("total - live order units").isEqualTo(7);

        // Every buyer with an order, cancelled or not, keeps the slot: refused as a duplicate, no unit taken.
        for (long buyer : List.of(11L, 12L, 13L)) {
            ledger.issuePath(activity, buyer, "again" + buyer, java.time.Duration.ofSeconds(60));
            assertThat(ledger.reserve(activity, buyer, 1, System.currentTimeMillis(), ids.nextId(), "again" + buyer).outcome())
                    .as("buyer %d", buyer).isEqualTo(ReserveOutcome.DUPLICATE);
        }
        assertThat(ledger.reservation(activity, awaiting)).containsEntry("state", "CONFIRMED").containsEntry("qty", "2")
                .containsEntry("user", "11");
        assertThat(ledger.reservation(activity, cancelled)).as("not live: nothing to release later").isEmpty();
        // A later cancel of the restored order returns its units exactly once.
        assertThat(ledger.release(activity, awaiting)).isTrue();
        assertThat(ledger.release(activity, awaiting)).isFalse();
        assertThat(ledger.available(activity)).hasValue(9);
        // A new buyer still gets in.
        assertThat(reserve(activity, 14, 1)).isPositive();
        assertThat(ledger.available(activity)).hasValue(8);
        // With the stock hash there, a preheat leaves the slots alone.
        redis.opsForHash().delete(StockKeys.buyers(activity), "12");
        preheat(id);
        assertThat(redis.opsForHash().hasKey(StockKeys.buyers(activity), "12")).isFalse();
    }

    @Test
    void statsShowDriftWhenRedisDisagreesWithTheOrders() {
        String id = liveActivity(10, 1);
        preheat(id);
        redis.opsForHash().put(StockKeys.stock(Long.parseLong(id)), "available", "12");

        assertThat(stats(id).path("ledgerDrift").asLong()).isEqualTo(-2);
    }

    @Test
    void unknownActivitiesAre404() {
        assertProblem(http().post("/api/admin/activities/4242/preheat", token, null), 404, "NOT_FOUND");
        assertProblem(http().get("/api/admin/activities/4242/stats", token), 404, "NOT_FOUND");
    }
}

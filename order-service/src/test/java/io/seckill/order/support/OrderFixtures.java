package io.seckill.order.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.seckill.infra.embedded.SchemaSql;
import io.seckill.stock.ReserveOutcome;
import io.seckill.stock.StockLedger;
import io.seckill.stock.StockPlan;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * Activities, reservations and orders made the way production makes them: a stock row, a preheat, a reservation
 * by seckill-api's Lua script, and the {@code ReservationCreated} message seckill-api sends.
 */
public final class OrderFixtures {

    private static final AtomicLong ids = new AtomicLong(SchemaSql.randomStart());

    private final JdbcClient jdbc;
    private final StockLedger ledger;
    private final KafkaTemplate<String, String> kafka;

    public OrderFixtures(JdbcClient jdbc, StockLedger ledger, KafkaTemplate<String, String> kafka) {
        this.jdbc = jdbc;
        this.ledger = ledger;
        this.kafka = kafka;
    }

    public static long nextId() {
        return ids.incrementAndGet();
    }

    /** A live activity with {@code databaseStock} in MySQL and {@code redisStock} preheated (they differ only to simulate a Redis fault). */
    public long activity(int databaseStock, int redisStock, int perUserLimit) {
        long activity = nextId();
        jdbc.sql("INSERT INTO seckill_stock (activity_id, total, sold) VALUES (?, ?, 0)").params(activity, databaseStock).update();
        Instant now = Instant.now();
        ledger.preheat(new StockPlan(activity, redisStock, perUserLimit, now.minusSeconds(10), now.plusSeconds(3600), 0));
        return activity;
    }

    public long activity(int stock) {
        return activity(stock, stock, 1);
    }

    /** A PENDING reservation made by the reserve script; returns its id. */
    public long reserve(long activity, long user, int quantity) {
        long reservation = nextId();
        ledger.issuePath(activity, user, "p", Duration.ofSeconds(60));
        assertThat(ledger.reserve(activity, user, quantity, System.currentTimeMillis(), reservation, "p").outcome())
                .isEqualTo(ReserveOutcome.OK);
        return reservation;
    }

    public void send(long activity, String message) {
        kafka.send("seckill.order.create", Long.toString(activity), message).join();
    }

    /** A reservation handed to the pipeline and confirmed; returns the reservation id. */
    public long order(long activity, long buyer) {
        long reservation = reserve(activity, buyer, 1);
        send(activity, reservationCreated(reservation, activity, buyer, 1));
        // Both branches confirmed: Redis first, then the MySQL row (the API shows it from AWAITING_PAYMENT on).
        await().atMost(Duration.ofSeconds(30)).until(() -> "CONFIRMED".equals(ledger.reservation(activity, reservation).get("state"))
                && jdbc.sql("SELECT COUNT(*) FROM orders WHERE reservation_id = ? AND status <> 'PREPARED'").param(reservation)
                .query(Integer.class).single() == 1);
        return reservation;
    }

    public long orderId(long activity, long reservation) {
        return Long.parseLong((String) ledger.reservation(activity, reservation).get("orderId"));
    }

    public static String reservationCreated(long reservation, long activity, long user, int quantity) {
        return """
                {"id":"%d","type":"ReservationCreated","version":1,"occurredAt":"2026-11-25T00:00:00Z","traceId":"t",
                 "payload":{"reservationId":"%d","activityId":"%d","userId":"%d","quantity":%d,"unitPrice":"9.90",
                 "reservedAt":"2026-11-25T00:00:00Z"}}""".formatted(nextId(), reservation, activity, user, quantity);
    }
}

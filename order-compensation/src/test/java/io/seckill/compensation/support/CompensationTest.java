package io.seckill.compensation.support;

import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.seckill.infra.embedded.FreePorts;
import io.seckill.infra.embedded.SchemaSql;
import io.seckill.infra.embedded.WithEmbeddedInfra;
import io.seckill.kernel.settings.RuntimeSettings;
import io.seckill.stock.StockLedger;
import io.seckill.stock.StockPlan;
import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeAll;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one Spring context every compensation test shares (same properties → Spring's context cache starts it
 * once): the real order-service in the JVM behind a {@link FaultyProxy}, webhook receivers and a GreenMail SMTP
 * server for the alert channels, admin-back's and order-service's tables, and fixtures made the production way.
 */
@WithEmbeddedInfra
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "seckill.sweeper.pending-after=1s", "seckill.sweeper.interval=1h", "seckill.reconciler.interval=1h",
        "seckill.internal.secret=" + OrderServiceInJvm.SECRET, "seckill.compensation.order-service-timeout=3s",
        "seckill.compensation.attempt-log=target/compensation-attempts.jsonl", "seckill.compensation.dlq-backlog-interval=1h"})
public abstract class CompensationTest {

    protected static final FaultyProxy orderService = new FaultyProxy();
    protected static final WebhookReceiver webhooks = new WebhookReceiver();
    protected static final GreenMail smtp = new GreenMail(new ServerSetup(FreePorts.pick(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    protected static final JsonMapper json = JsonMapper.builder().build();
    private static final AtomicLong ids = new AtomicLong(SchemaSql.randomStart());

    static {
        smtp.start();
    }

    @Autowired
    protected JdbcClient jdbc;

    @Autowired
    protected StockLedger ledger;

    @Autowired
    protected RuntimeSettings settings;

    @Autowired
    protected StringRedisTemplate redis;

    @LocalServerPort
    protected int port;

    @DynamicPropertySource
    static void endpoints(DynamicPropertyRegistry registry) {
        registry.add("seckill.compensation.order-service-url", orderService::url);
        registry.add("spring.mail.host", () -> "127.0.0.1");
        registry.add("spring.mail.port", () -> smtp.getSmtp().getPort());
    }

    /** The tables of admin-back and order-service this service reads; the real order-service behind the proxy. */
    @BeforeAll
    static void otherServices() {
        SchemaSql.flyway("filesystem:../admin-back/src/main/resources/db/migration/admin-back", "flyway_history_admin_back").migrate();
        orderService.upstream(OrderServiceInJvm.shared().baseUrl());
        orderService.failing(false);
    }

    protected static long nextId() {
        return ids.incrementAndGet();
    }

    /** Writes a runtime setting as admin-back does (the row, then the announcement) and waits until it is seen. */
    protected void setting(String key, String jsonValue) {
        jdbc.sql("""
                INSERT INTO settings (setting_key, setting_value) VALUES (?, ?)
                ON DUPLICATE KEY UPDATE setting_value = VALUES(setting_value)""").params(key, jsonValue).update();
        redis.convertAndSend(RuntimeSettings.CHANGED_CHANNEL, key);
        await().atMost(Duration.ofSeconds(10)).until(() -> settings.get(key).map(v -> Objects.equals(v, json.readTree(jsonValue))).orElse(false));
    }

    /** An activity as admin-back creates it (product, activity, stock row) and preheated into Redis. */
    protected long activity(Instant start, Instant end, int total) {
        long product = nextId();
        jdbc.sql("INSERT INTO products (id, name, original_price) VALUES (?, ?, ?)").params(product, "p" + product, new BigDecimal("59.00")).update();
        long activity = nextId();
        jdbc.sql("""
                INSERT INTO seckill_activities (id, product_id, title, seckill_price, total_stock, per_user_limit, start_time, end_time, status)
                VALUES (?, ?, 't', ?, ?, 1, ?, ?, 'LIVE')""")
                .params(activity, product, new BigDecimal("9.90"), total, Timestamp.from(start), Timestamp.from(end)).update();
        jdbc.sql("INSERT INTO seckill_stock (activity_id, total, sold) VALUES (?, ?, 0)").params(activity, total).update();
        ledger.preheat(new StockPlan(activity, total, 1, start, end, 0));
        return activity;
    }

    /** A PENDING reservation made by seckill-api's reserve script; returns its id. */
    protected long reserve(long activity, long user, Instant at) {
        long reservation = nextId();
        ledger.issuePath(activity, user, "p", Duration.ofSeconds(60));
        ledger.reserve(activity, user, 1, at.toEpochMilli(), reservation, "p");
        return reservation;
    }

    /** {@code ReservationCreated} v1 as seckill-api sends it. */
    protected static String reservationCreated(long reservation, long activity, long user) {
        return """
                {"id":"%d","type":"ReservationCreated","version":1,"occurredAt":"2026-11-25T00:00:00Z","traceId":"t",
                 "payload":{"reservationId":"%d","activityId":"%d","userId":"%d","quantity":1,"unitPrice":"9.90",
                 "reservedAt":"2026-11-25T00:00:00Z"}}""".formatted(nextId(), reservation, activity, user);
    }

    protected long available(long activity) {
        return Long.parseLong((String) ledger.stock(activity).get("available"));
    }
}

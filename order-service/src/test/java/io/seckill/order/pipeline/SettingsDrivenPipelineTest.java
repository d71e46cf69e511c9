package io.seckill.order.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.seckill.infra.embedded.SchemaSql;
import io.seckill.infra.embedded.WithEmbeddedInfra;
import io.seckill.kernel.settings.RuntimeSettings;
import io.seckill.order.support.OrderFixtures;
import io.seckill.stock.StockLedger;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * The payment window, the hanging deadline and the automatic attempts come from admin-back's settings table and
 * change without a restart: a value written and announced on {@code seckill:settings:changed} applies to the
 * next order. (No {@code seckill.order.payment-window} / {@code seckill.tx.deadline} property here: those pin.)
 */
@WithEmbeddedInfra
@SpringBootTest
class SettingsDrivenPipelineTest {

    private static final List<String> KEYS = List.of(PipelineSettings.PAYMENT_WINDOW, PipelineSettings.HANGING_DEADLINE,
            PipelineSettings.MAX_AUTO_ATTEMPTS);

    @Autowired
    JdbcClient jdbc;

    @Autowired
    StockLedger ledger;

    @Autowired
    KafkaTemplate<String, String> kafka;

    @Autowired
    StringRedisTemplate redis;

    @Autowired
    PipelineSettings settings;

    @Autowired
    RuntimeSettings runtimeSettings;

    @BeforeAll
    static void settingsTable() {
        SchemaSql.flyway("filesystem:../admin-back/src/main/resources/db/migration/admin-back", "flyway_history_admin_back").migrate();
    }

    /** Other test classes (sharing this context) run on the properties' fallbacks: take the keys out again. */
    @AfterEach
    void backToTheFallbacks() throws Exception {
        SchemaSql.update("DELETE FROM settings WHERE setting_key IN ('" + String.join("', '", KEYS) + "')");
        runtimeSettings.refresh();
        redis.convertAndSend(RuntimeSettings.CHANGED_CHANNEL, PipelineSettings.PAYMENT_WINDOW); // and every other context
    }

    @Test
    void anAnnouncedSettingAppliesToTheNextOrderWithoutARestart() {
        write(PipelineSettings.PAYMENT_WINDOW, "2");
        write(PipelineSettings.HANGING_DEADLINE, "42");
        write(PipelineSettings.MAX_AUTO_ATTEMPTS, "1");
        redis.convertAndSend(RuntimeSettings.CHANGED_CHANNEL, PipelineSettings.MAX_AUTO_ATTEMPTS);
        await().atMost(Duration.ofSeconds(10)).until(() -> settings.maxAutoAttempts() == 1);
        assertThat(settings.paymentWindow()).isEqualTo(Duration.ofMinutes(2));
        assertThat(settings.hangingDeadline()).isEqualTo(Duration.ofSeconds(42));

        OrderFixtures fixtures = new OrderFixtures(jdbc, ledger, kafka);
        long activity = fixtures.activity(5);
        long reservation = fixtures.order(activity, OrderFixtures.nextId());

        Timestamp created = jdbc.sql("SELECT created_at FROM orders WHERE reservation_id = ?").param(reservation)
                .query(Timestamp.class).single();
        Timestamp payBy = jdbc.sql("SELECT pay_deadline FROM orders WHERE reservation_id = ?").param(reservation)
                .query(Timestamp.class).single();
        Timestamp begun = jdbc.sql("SELECT created_at FROM tx_log WHERE reservation_id = ?").param(reservation)
                .query(Timestamp.class).single();
        Timestamp txDeadline = jdbc.sql("SELECT deadline FROM tx_log WHERE reservation_id = ?").param(reservation)
                .query(Timestamp.class).single();
        assertThat(Duration.between(created.toInstant(), payBy.toInstant())).isBetween(Duration.ofSeconds(110), Duration.ofSeconds(130));
        assertThat(Duration.between(begun.toInstant(), txDeadline.toInstant())).isBetween(Duration.ofSeconds(40), Duration.ofSeconds(44));
    }

    @Test
    void withoutTheKeysTheDesignDefaultsApply() throws Exception {
        backToTheFallbacks();
        assertThat(settings.paymentWindow()).isEqualTo(Duration.ofMinutes(15));
        assertThat(settings.hangingDeadline()).isEqualTo(Duration.ofSeconds(300));
        assertThat(settings.maxAutoAttempts()).isEqualTo(3);
    }

    private void write(String key, String json) {
        jdbc.sql("""
                INSERT INTO settings (setting_key, setting_value, updated_by) VALUES (?, ?, 'test')
                ON DUPLICATE KEY UPDATE setting_value = VALUES(setting_value), updated_by = 'test'""")
                .params(key, json).update();
    }
}

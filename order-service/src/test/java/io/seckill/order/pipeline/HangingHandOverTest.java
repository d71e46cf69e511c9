package io.seckill.order.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.seckill.infra.embedded.SchemaSql;
import io.seckill.infra.embedded.TopicReader;
import io.seckill.infra.embedded.WithEmbeddedInfra;
import io.seckill.kernel.settings.RuntimeSettings;
import io.seckill.tx.TransactionCoordinator;
import io.seckill.tx.TxContext;
import io.seckill.tx.TxLog;
import io.seckill.tx.TxState;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Once a hanging transaction has used its automatic attempts it belongs to compensation: the scanner hands it
 * over once (not on every scan, which would push the same case through the retry tiers again and again) and
 * re-drives it no more.
 */
@WithEmbeddedInfra
@SpringBootTest
class HangingHandOverTest {

    private static final List<String> KEYS = List.of(PipelineSettings.HANGING_DEADLINE, PipelineSettings.MAX_AUTO_ATTEMPTS);

    @Autowired
    JdbcClient jdbc;

    @Autowired
    StringRedisTemplate redis;

    @Autowired
    PipelineSettings settings;

    @Autowired
    RuntimeSettings runtimeSettings;

    @Autowired
    TransactionCoordinator coordinator;

    @Autowired
    TxLog txLog;

    @Autowired
    HangingTransactionScanner scanner;

    @BeforeAll
    static void settingsTable() {
        SchemaSql.flyway("filesystem:../admin-back/src/main/resources/db/migration/admin-back", "flyway_history_admin_back").migrate();
    }

    @AfterEach
    void backToTheFallbacks() throws Exception {
        SchemaSql.update("DELETE FROM settings WHERE setting_key IN ('" + String.join("', '", KEYS) + "')");
        runtimeSettings.refresh();
        redis.convertAndSend(RuntimeSettings.CHANGED_CHANNEL, PipelineSettings.MAX_AUTO_ATTEMPTS);
    }

    @Test
    void aTransactionPastItsAutomaticAttemptsIsHandedOverOnceAndNotReDrivenAgain() {
        write(PipelineSettings.HANGING_DEADLINE, "1");
        write(PipelineSettings.MAX_AUTO_ATTEMPTS, "1");
        runtimeSettings.refresh();
        await().atMost(Duration.ofSeconds(10)).until(() -> settings.maxAutoAttempts() == 1);

        long reservation = SchemaSql.randomId();
        TxContext tx = new Reservation(reservation, SchemaSql.randomId(), SchemaSql.randomId(), 1, BigDecimal.ONE).transaction();
        assertThat(coordinator.begin(tx, List.of(ReservationBranch.NAME, OrderBranch.NAME))).isTrue();
        // One automatic re-drive has failed already (as TxLog counts it: MySQL mirror and Redis entry).
        jdbc.sql("UPDATE tx_log SET attempts = 1, last_error = 'test' WHERE tx_id = ?").param(tx.txId()).update();
        redis.opsForHash().increment("tx:{" + tx.txId() + "}", "attempts", 1);
        await().atMost(Duration.ofSeconds(10)).until(() -> txLog.pastDeadline(Instant.now(), 10_000).contains(tx.txId()));

        scanner.scan();
        scanner.scan();
        scanner.scan();

        List<ConsumerRecord<String, String>> handedOver = TopicReader.read(OrderCreationListener.COMPENSATION,
                record -> Long.toString(reservation).equals(record.key()), 1, Duration.ofSeconds(20));
        assertThat(handedOver).hasSize(1);
        // DESIGN.md §9: keyed by the reservation id, an envelope around a versioned payload.
        JsonNode message = JsonMapper.builder().build().readTree(handedOver.getFirst().value());
        assertThat(message.path("type").asString()).isEqualTo(TransactionHanging.TYPE);
        assertThat(message.path("version").asInt()).isEqualTo(1);
        assertThat(message.path("id").asString()).isNotBlank();
        assertThat(message.path("occurredAt").asString()).isNotBlank();
        assertThat(message.path("traceId").asString()).isNotBlank();
        assertThat(message.path("payload").path("txId").asString()).isEqualTo(tx.txId());
        assertThat(message.path("payload").path("attempts").asInt()).isEqualTo(1);
        assertThat(coordinator.state(tx.txId())).isEqualTo(TxState.TRYING);
        assertThat(txLog.find(tx.txId()).orElseThrow().attempts()).isEqualTo(1);
    }

    private void write(String key, String json) {
        jdbc.sql("""
                INSERT INTO settings (setting_key, setting_value, updated_by) VALUES (?, ?, 'test')
                ON DUPLICATE KEY UPDATE setting_value = VALUES(setting_value), updated_by = 'test'""")
                .params(key, json).update();
    }
}

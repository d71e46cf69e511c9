package io.seckill.compensation.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.seckill.infra.embedded.EmbeddedInfra;
import io.seckill.infra.embedded.EmbeddedInfraExtension;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * order-compensation's Flyway migration against the real MariaDB 10.11: one archive row per reservation
 * (DESIGN.md §1.3), checked archive and attempt states, the original message kept verbatim. Flyway runs through
 * its API with the settings of application.yml; no Spring context. Every test uses fresh random ids, so it
 * neither depends on nor disturbs what other tests left in the shared schema.
 */
@ExtendWith(EmbeddedInfraExtension.class)
class OrderCompensationMigrationsTest {

    private static final String LOCATION = "classpath:db/migration/order-compensation";
    private static final String HISTORY = "flyway_history_order_compensation";

    private static EmbeddedInfra infra;

    @BeforeAll
    static void migrate() {
        infra = EmbeddedInfra.shared();
        flyway().migrate();
    }

    /** As configured in application.yml: own history table, and a baseline because the schema is shared. */
    private static Flyway flyway() {
        return Flyway.configure()
                .dataSource(infra.jdbcUrl(), infra.jdbcUsername(), infra.jdbcPassword())
                .locations(LOCATION)
                .table(HISTORY)
                .baselineOnMigrate(true)
                .baselineVersion("0")
                .load();
    }

    @Test
    void appliesItsMigrationOnceAndASecondRunIsANoOp() throws SQLException {
        MigrateResult again = flyway().migrate();

        assertThat(again.migrationsExecuted).isZero();
        assertThat(flyway().info().pending()).isEmpty();
        flyway().validate();
        assertThat(strings("SELECT version FROM " + HISTORY + " WHERE type = 'SQL' AND success = 1 ORDER BY installed_rank"))
                .containsExactly("1");
        assertThat(strings("SELECT table_name FROM information_schema.tables WHERE table_schema = DATABASE()"
                + " AND engine = 'InnoDB' AND table_collation = 'utf8mb4_unicode_ci'"))
                .contains("compensation_log", "failed_order_archives");
    }

    @Test
    void refusesASecondArchiveRowForTheSameReservation() throws SQLException {
        long reservation = id();
        archive(id(), reservation, 1, "UNRESOLVED");

        assertRefused("uk_failed_order_archives_reservation", () -> archive(id(), reservation, 1, "UNRESOLVED"));
    }

    @Test
    void archiveStatusIsCheckedAndAFinalStatusNeedsAResolutionTime() throws SQLException {
        assertRefused("ck_failed_order_archives_status", () -> archive(id(), id(), 1, "LOST"));
        assertRefused("ck_failed_order_archives_final_has_resolved_at", () -> archive(id(), id(), 1, "RESOLVED"));
        assertRefused("ck_failed_order_archives_quantity", () -> archive(id(), id(), 0, "UNRESOLVED"));

        long row = id();
        archive(row, id(), 2, "UNRESOLVED");
        assertThat(update("UPDATE failed_order_archives SET status = 'RETRYING', retries = retries + 1"
                + " WHERE id = ? AND status = 'UNRESOLVED'", row)).isEqualTo(1);
        assertRefused("ck_failed_order_archives_final_has_resolved_at",
                "UPDATE failed_order_archives SET status = 'ROLLED_BACK' WHERE id = ?", row);
        assertThat(update("UPDATE failed_order_archives SET status = 'ROLLED_BACK', resolved_at = CURRENT_TIMESTAMP(3),"
                + " resolved_by = 'ops' WHERE id = ? AND status = 'RETRYING'", row)).isEqualTo(1);
        assertRefused("ck_failed_order_archives_retries",
                "UPDATE failed_order_archives SET retries = -1 WHERE id = ?", row);
    }

    @Test
    void keepsTheOriginalMessageVerbatimEvenWhenItIsNotJson() throws SQLException {
        long row = id();
        String payload = "{\"reservationId\": 1, \"note\": \"秒杀\"  <- truncated by a broken producer";
        update("INSERT INTO failed_order_archives (id, reservation_id, payload, last_error) VALUES (?, ?, ?, ?)",
                row, id(), payload, "unparseable payload");

        assertThat(strings("SELECT payload FROM failed_order_archives WHERE id = ?", row)).containsExactly(payload);
        assertThat(strings("SELECT status FROM failed_order_archives WHERE id = ?", row)).containsExactly("UNRESOLVED");
    }

    @Test
    void compensationLogChecksOutcomeAndAttempt() throws SQLException {
        for (String outcome : List.of("SUCCEEDED", "FAILED", "SKIPPED")) {
            logAttempt(1, "RETRY_10S", outcome);
        }
        assertRefused("ck_compensation_log_outcome", () -> logAttempt(1, "DLQ", "MAYBE"));
        assertRefused("ck_compensation_log_attempt", () -> logAttempt(0, "DLQ", "FAILED"));
        assertRefused("ck_compensation_log_stage", () -> logAttempt(1, " ", "FAILED"));
    }

    // ---------------------------------------------------------------------------------------------------------

    private static void archive(long id, long reservation, int quantity, String status) throws SQLException {
        update("INSERT INTO failed_order_archives (id, reservation_id, activity_id, user_id, quantity, payload, status)"
                + " VALUES (?, ?, ?, ?, ?, '{}', ?)", id, reservation, id(), id(), quantity, status);
    }

    private static void logAttempt(int attempt, String stage, String outcome) throws SQLException {
        update("INSERT INTO compensation_log (id, reservation_id, activity_id, user_id, attempt, stage, outcome, error)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, 'Redis timeout')", id(), id(), id(), id(), attempt, stage, outcome);
    }

    private static long id() {
        return ThreadLocalRandom.current().nextLong(1L << 40, Long.MAX_VALUE);
    }

    private static Connection connect() throws SQLException {
        return DriverManager.getConnection(infra.jdbcUrl(), infra.jdbcUsername(), infra.jdbcPassword());
    }

    private static int update(String sql, Object... params) throws SQLException {
        try (Connection c = connect(); PreparedStatement s = c.prepareStatement(sql)) {
            bind(s, params);
            return s.executeUpdate();
        }
    }

    private static List<String> strings(String sql, Object... params) throws SQLException {
        List<String> values = new ArrayList<>();
        try (Connection c = connect(); PreparedStatement s = c.prepareStatement(sql)) {
            bind(s, params);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    values.add(r.getString(1));
                }
            }
        }
        return values;
    }

    private static void bind(PreparedStatement s, Object... params) throws SQLException {
        for (int i = 0; i < params.length; i++) {
            s.setObject(i + 1, params[i]);
        }
    }

    private static void assertRefused(String constraint, String sql, Object... params) {
        assertRefused(constraint, () -> update(sql, params));
    }

    private static void assertRefused(String constraint, Write write) {
        assertThatThrownBy(write::run)
                .isInstanceOf(SQLIntegrityConstraintViolationException.class)
                .hasMessageContaining(constraint);
    }

    @FunctionalInterface
    private interface Write {
        void run() throws SQLException;
    }
}

package io.seckill.compensation.schema;

import static io.seckill.infra.embedded.SchemaSql.assertRefused;
import static io.seckill.infra.embedded.SchemaSql.randomId;
import static io.seckill.infra.embedded.SchemaSql.strings;
import static io.seckill.infra.embedded.SchemaSql.update;

import static org.assertj.core.api.Assertions.assertThat;

import io.seckill.infra.embedded.SchemaSql;
import io.seckill.infra.embedded.EmbeddedInfraExtension;
import java.sql.SQLException;
import java.util.List;
import org.flywaydb.core.Flyway;
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

    @BeforeAll
    static void migrate() {
        flyway().migrate();
    }

    /** As configured in application.yml: own history table, and a baseline because the schema is shared. */
    private static Flyway flyway() {
        return SchemaSql.flyway(LOCATION, HISTORY);
    }

    @Test
    void appliesItsMigrationOnceAndASecondRunIsANoOp() throws SQLException {
        SchemaSql.assertSecondRunChangesNothing(flyway());
        assertThat(SchemaSql.appliedVersions(HISTORY))
                .containsExactly("1");
        assertThat(SchemaSql.innoDbUtf8mb4Tables())
                .contains("compensation_log", "failed_order_archives");
    }

    @Test
    void refusesASecondArchiveRowForTheSameReservation() throws SQLException {
        long reservation = randomId();
        archive(randomId(), reservation, 1, "UNRESOLVED");

        assertRefused("uk_failed_order_archives_reservation", () -> archive(randomId(), reservation, 1, "UNRESOLVED"));
    }

    @Test
    void archiveStatusIsCheckedAndAFinalStatusNeedsAResolutionTime() throws SQLException {
        assertRefused("ck_failed_order_archives_status", () -> archive(randomId(), randomId(), 1, "LOST"));
        assertRefused("ck_failed_order_archives_final_has_resolved_at", () -> archive(randomId(), randomId(), 1, "RESOLVED"));
        assertRefused("ck_failed_order_archives_quantity", () -> archive(randomId(), randomId(), 0, "UNRESOLVED"));

        long row = randomId();
        archive(row, randomId(), 2, "UNRESOLVED");
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
        long row = randomId();
        String payload = "{\"reservationId\": 1, \"note\": \"秒杀\"  <- truncated by a broken producer";
        update("INSERT INTO failed_order_archives (id, reservation_id, payload, last_error) VALUES (?, ?, ?, ?)",
                row, randomId(), payload, "unparseable payload");

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
                + " VALUES (?, ?, ?, ?, ?, '{}', ?)", id, reservation, randomId(), randomId(), quantity, status);
    }

    private static void logAttempt(int attempt, String stage, String outcome) throws SQLException {
        update("INSERT INTO compensation_log (id, reservation_id, activity_id, user_id, attempt, stage, outcome, error)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, 'Redis timeout')", randomId(), randomId(), randomId(), randomId(), attempt, stage, outcome);
    }
}

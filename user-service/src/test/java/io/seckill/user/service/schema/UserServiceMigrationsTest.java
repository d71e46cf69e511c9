package io.seckill.user.service.schema;

import static io.seckill.infra.embedded.SchemaSql.assertRefused;
import static io.seckill.infra.embedded.SchemaSql.randomId;
import static io.seckill.infra.embedded.SchemaSql.strings;
import static io.seckill.infra.embedded.SchemaSql.update;

import static org.assertj.core.api.Assertions.assertThat;

import io.seckill.infra.embedded.SchemaSql;
import io.seckill.infra.embedded.EmbeddedInfraExtension;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * user-service's Flyway migration against the real MariaDB 10.11: one account per mobile number, checked
 * mobile format and status, Chinese nicknames. Flyway runs through its API with the settings of
 * application.yml; no Spring context. Every test uses fresh random ids and numbers, so it neither depends on nor
 * disturbs what other tests left in the shared schema.
 */
@ExtendWith(EmbeddedInfraExtension.class)
class UserServiceMigrationsTest {

    private static final String LOCATION = "classpath:db/migration/user-service";
    private static final String HISTORY = "flyway_history_user_service";

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
                .contains("users");
    }

    @Test
    void refusesASecondAccountForTheSameMobile() throws SQLException {
        String mobile = mobile();
        insertUser(randomId(), mobile, "ACTIVE");

        assertRefused("uk_users_mobile", () -> insertUser(randomId(), mobile, "ACTIVE"));
    }

    @Test
    void acceptsE164AndElevenDigitNumbersOnly() throws SQLException {
        insertUser(randomId(), mobile(), "ACTIVE");
        insertUser(randomId(), "+86" + mobile(), "ACTIVE");
        insertUser(randomId(), "+4420" + ThreadLocalRandom.current().nextLong(10_000_000L, 99_999_999L), "ACTIVE");

        for (String bad : List.of("138 0013 8000", "1380013800", "138001380001", "+0123456789", "abcdefghijk", "")) {
            assertRefused("ck_users_mobile", () -> insertUser(randomId(), bad, "ACTIVE"));
        }
    }

    @Test
    void acceptsOnlyTheKnownStatuses() throws SQLException {
        for (String status : List.of("ACTIVE", "DISABLED", "BLACKLISTED")) {
            insertUser(randomId(), mobile(), status);
        }
        assertRefused("ck_users_status", () -> insertUser(randomId(), mobile(), "DELETED"));
        long user = randomId();
        update("INSERT INTO users (id, mobile, password_hash, nickname) VALUES (?, ?, 'hash', 'n')", user, mobile());
        assertThat(strings("SELECT status FROM users WHERE id = ?", user)).containsExactly("ACTIVE");
    }

    @Test
    void chineseNicknamesAndEmojiRoundTrip() throws SQLException {
        long user = randomId();
        String nickname = "秒杀达人·小明🐉";
        update("INSERT INTO users (id, mobile, password_hash, nickname) VALUES (?, ?, 'hash', ?)", user, mobile(), nickname);

        assertThat(strings("SELECT nickname FROM users WHERE id = ?", user)).containsExactly(nickname);
    }

    // ---------------------------------------------------------------------------------------------------------

    private static void insertUser(long id, String mobile, String status) throws SQLException {
        update("INSERT INTO users (id, mobile, password_hash, nickname, status) VALUES (?, ?, 'hash', 'Test', ?)",
                id, mobile, status);
    }

    private static String mobile() {
        return "1" + ThreadLocalRandom.current().nextLong(3_000_000_000L, 9_999_999_999L);
    }
}

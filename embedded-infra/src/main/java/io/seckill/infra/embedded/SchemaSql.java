package io.seckill.infra.embedded;

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

/**
 * Plain JDBC against the shared embedded MariaDB, for the schema tests of every owning service: apply a service's
 * migrations exactly as its application.yml does, run statements, and assert that a constraint refuses a write.
 * No Spring context: a schema test proves what the database itself guarantees.
 */
public final class SchemaSql {

    private SchemaSql() {
    }

    /** A write that the database may refuse. */
    @FunctionalInterface
    public interface Write {
        void run() throws SQLException;
    }

    /** The service's Flyway as configured in its application.yml: own history table, baseline 0 on a shared schema. */
    public static Flyway flyway(String location, String historyTable) {
        EmbeddedInfra infra = EmbeddedInfra.shared();
        return Flyway.configure()
                .dataSource(infra.jdbcUrl(), infra.jdbcUsername(), infra.jdbcPassword())
                .locations(location)
                .table(historyTable)
                .baselineOnMigrate(true)
                .baselineVersion("0")
                .load();
    }

    /** Migrates once more: nothing may run, nothing may be pending, and the history must validate. */
    public static void assertSecondRunChangesNothing(Flyway flyway) {
        int executed = flyway.migrate().migrationsExecuted;
        if (executed != 0 || flyway.info().pending().length != 0) {
            throw new AssertionError("a second migration run executed " + executed + " scripts or left some pending");
        }
        flyway.validate();
    }

    /** The versions of the successful SQL migrations in a service's history table, in the order applied. */
    public static List<String> appliedVersions(String historyTable) throws SQLException {
        return strings("SELECT version FROM " + historyTable + " WHERE type = 'SQL' AND success = 1 ORDER BY installed_rank");
    }

    /** The tables of the schema that are InnoDB with utf8mb4_unicode_ci, as every migration must create them. */
    public static List<String> innoDbUtf8mb4Tables() throws SQLException {
        return strings("SELECT table_name FROM information_schema.tables WHERE table_schema = DATABASE()"
                + " AND engine = 'InnoDB' AND table_collation = 'utf8mb4_unicode_ci'");
    }

    public static Connection connect() throws SQLException {
        EmbeddedInfra infra = EmbeddedInfra.shared();
        return DriverManager.getConnection(infra.jdbcUrl(), infra.jdbcUsername(), infra.jdbcPassword());
    }

    public static int update(String sql, Object... params) throws SQLException {
        try (Connection c = connect(); PreparedStatement s = c.prepareStatement(sql)) {
            bind(s, params);
            return s.executeUpdate();
        }
    }

    /** The first column of every row, as strings. */
    public static List<String> strings(String sql, Object... params) throws SQLException {
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

    public static List<Long> longs(String sql, Object... params) throws SQLException {
        return strings(sql, params).stream().map(Long::valueOf).toList();
    }

    /** A random positive id far from anything another test uses: tests share the schema and never clean it. */
    public static long randomId() {
        return ThreadLocalRandom.current().nextLong(1L << 40, Long.MAX_VALUE);
    }

    /**
     * A random starting point for a test's own id sequence. Tests of one JVM share the database and never clean
     * it; two sequences seeded from the clock in the same millisecond would collide, random ones 2^50 apart do not.
     */
    public static long randomStart() {
        return ThreadLocalRandom.current().nextLong(1L << 50, 1L << 61);
    }

    public static void assertRefused(String constraint, String sql, Object... params) {
        assertRefused(constraint, () -> update(sql, params));
    }

    /** Fails unless {@code write} is refused by an integrity constraint whose message names {@code constraint}. */
    public static void assertRefused(String constraint, Write write) {
        try {
            write.run();
        } catch (SQLIntegrityConstraintViolationException e) {
            if (e.getMessage() == null || !e.getMessage().contains(constraint)) {
                throw new AssertionError("refused, but not by " + constraint + ": " + e.getMessage(), e);
            }
            return;
        } catch (SQLException e) {
            throw new AssertionError("expected " + constraint + " to refuse the write, got " + e, e);
        }
        throw new AssertionError("the write was accepted; expected " + constraint + " to refuse it");
    }

    private static void bind(PreparedStatement s, Object... params) throws SQLException {
        for (int i = 0; i < params.length; i++) {
            s.setObject(i + 1, params[i]);
        }
    }
}

package io.seckill.admin.schema;

import static io.seckill.infra.embedded.SchemaSql.assertRefused;
import static io.seckill.infra.embedded.SchemaSql.connect;
import static io.seckill.infra.embedded.SchemaSql.randomId;
import static io.seckill.infra.embedded.SchemaSql.strings;
import static io.seckill.infra.embedded.SchemaSql.update;

import static org.assertj.core.api.Assertions.assertThat;

import io.seckill.infra.embedded.SchemaSql;
import io.seckill.infra.embedded.EmbeddedInfraExtension;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * admin-back's Flyway migrations against the real MariaDB 10.11: RBAC seed, catalogue constraints, settings
 * defaults and the audit log. Flyway runs through its API with the settings of application.yml; no Spring
 * context. Every test writes rows with fresh random ids and names, so it neither depends on nor disturbs what
 * other tests (e.g. the super-admin bootstrap) left in the shared schema.
 */
@ExtendWith(EmbeddedInfraExtension.class)
class AdminBackMigrationsTest {

    private static final String LOCATION = "classpath:db/migration/admin-back";
    private static final String HISTORY = "flyway_history_admin_back";
    private static final List<String> PERMISSIONS = List.of(
            "product:read", "product:write", "activity:read", "activity:write", "activity:preheat", "order:read",
            "user:read", "user:write", "archive:read", "archive:retry", "archive:export", "tx:read", "tx:rollback",
            "rbac:admin", "audit:read", "settings:write", "settings:read");
    private static final Timestamp START = Timestamp.from(Instant.parse("2030-01-01T10:00:00Z"));
    private static final Timestamp END = Timestamp.from(Instant.parse("2030-01-01T12:00:00Z"));

    @BeforeAll
    static void migrate() {
        flyway().migrate();
    }

    /** As configured in application.yml: own history table, and a baseline because the schema is shared. */
    private static Flyway flyway() {
        return SchemaSql.flyway(LOCATION, HISTORY);
    }

    @Test
    void appliesItsFourMigrationsOnceAndASecondRunIsANoOp() throws SQLException {
        SchemaSql.assertSecondRunChangesNothing(flyway());
        assertThat(SchemaSql.appliedVersions(HISTORY))
                .containsExactly("1", "2", "3", "4");
        assertThat(SchemaSql.innoDbUtf8mb4Tables())
                .contains("rbac_permissions", "rbac_roles", "rbac_role_permissions", "admin_users", "admin_user_roles",
                        "products", "seckill_activities", "settings", "audit_log");
    }

    @Test
    void seedsEveryPermissionAndABuiltInSuperAdminRoleHoldingThemAll() throws SQLException {
        assertThat(strings("SELECT code FROM rbac_permissions")).containsExactlyInAnyOrderElementsOf(PERMISSIONS);
        assertThat(strings("SELECT built_in FROM rbac_roles WHERE name = 'SUPER_ADMIN'")).containsExactly("1");
        assertThat(strings("SELECT p.code FROM rbac_role_permissions rp"
                + " JOIN rbac_roles r ON r.id = rp.role_id JOIN rbac_permissions p ON p.id = rp.permission_id"
                + " WHERE r.name = 'SUPER_ADMIN'")).containsExactlyInAnyOrderElementsOf(PERMISSIONS);
    }

    @Test
    void noMigrationCreatesAnAdminAccountOrAPassword() throws IOException {
        Pattern insertAdmin = Pattern.compile("INSERT\\s+INTO\\s+admin_users", Pattern.CASE_INSENSITIVE);
        for (String script : List.of("V1__rbac_and_admins.sql", "V2__catalog.sql", "V3__operations.sql")) {
            String sql = resource("db/migration/admin-back/" + script);
            assertThat(insertAdmin.matcher(sql).find()).as(script).isFalse();
            assertThat(sql).as(script).doesNotContainIgnoringCase("$2a$").doesNotContainIgnoringCase("$2b$");
        }
    }

    @Test
    void adminUsernamesAreUniqueIgnoringCaseAndStatusAndRoleLinksAreChecked() throws SQLException {
        String name = "Ops" + randomId();
        long admin = randomId();
        insertAdmin(admin, name, "ACTIVE");

        assertRefused("uk_admin_users_username", () -> insertAdmin(randomId(), name.toLowerCase(), "ACTIVE"));
        assertRefused("ck_admin_users_status", () -> insertAdmin(randomId(), "x" + randomId(), "LOCKED"));
        assertRefused("fk_admin_user_roles_role", "INSERT INTO admin_user_roles (admin_user_id, role_id) VALUES (?, ?)",
                admin, randomId());
        assertRefused("fk_admin_user_roles_admin", "INSERT INTO admin_user_roles (admin_user_id, role_id)"
                + " SELECT ?, id FROM rbac_roles WHERE name = 'SUPER_ADMIN'", randomId());
        assertThat(update("INSERT INTO admin_user_roles (admin_user_id, role_id)"
                + " SELECT ?, id FROM rbac_roles WHERE name = 'SUPER_ADMIN'", admin)).isEqualTo(1);
    }

    @Test
    void productNamesInChineseAndEmojiRoundTrip() throws SQLException {
        long product = randomId();
        String name = "秒杀马克杯 限量版 🐉";
        String description = "陶瓷，350 毫升；「双十一」专享";
        update("INSERT INTO products (id, name, description, original_price) VALUES (?, ?, ?, 59.00)",
                product, name, description);

        assertThat(strings("SELECT name FROM products WHERE id = ?", product)).containsExactly(name);
        assertThat(strings("SELECT description FROM products WHERE id = ?", product)).containsExactly(description);
        assertThat(strings("SELECT status FROM products WHERE id = ?", product)).containsExactly("ACTIVE");
        assertRefused("ck_products_original_price",
                "INSERT INTO products (id, name, original_price) VALUES (?, 'x', -0.01)", randomId());
        assertRefused("ck_products_name", "INSERT INTO products (id, name, original_price) VALUES (?, '  ', 1)", randomId());
    }

    @Test
    void refusesAnActivityThatEndsAtOrBeforeItsStart() throws SQLException {
        long product = product();

        assertRefused("ck_seckill_activities_window", () -> insertActivity(product, 100, 1, START, START, "DRAFT"));
        assertRefused("ck_seckill_activities_window", () -> insertActivity(product, 100, 1, END, START, "DRAFT"));
        insertActivity(product, 100, 1, START, END, "DRAFT");
    }

    @Test
    void activityStockLimitAndStatusAreChecked() throws SQLException {
        long product = product();

        assertRefused("ck_seckill_activities_total_stock", () -> insertActivity(product, 0, 1, START, END, "DRAFT"));
        assertRefused("ck_seckill_activities_total_stock", () -> insertActivity(product, 1_000_001, 1, START, END, "DRAFT"));
        assertRefused("ck_seckill_activities_per_user_limit", () -> insertActivity(product, 100, 0, START, END, "DRAFT"));
        assertRefused("ck_seckill_activities_per_user_limit", () -> insertActivity(product, 5, 6, START, END, "DRAFT"));
        assertRefused("ck_seckill_activities_status", () -> insertActivity(product, 100, 1, START, END, "PAUSED"));
        assertRefused("fk_seckill_activities_product", () -> insertActivity(randomId(), 100, 1, START, END, "DRAFT"));
        for (String status : List.of("DRAFT", "SCHEDULED", "LIVE", "ENDED", "CANCELLED")) {
            insertActivity(product, 1_000_000, 1, START, END, status);
        }
    }

    @Test
    void seedsTheRuntimeSettingsDefaultsAsValidJson() throws SQLException {
        Map<String, String> settings = new LinkedHashMap<>();
        try (Connection c = connect();
             PreparedStatement s = c.prepareStatement("SELECT setting_key, setting_value FROM settings");
             ResultSet r = s.executeQuery()) {
            while (r.next()) {
                settings.put(r.getString(1), r.getString(2));
            }
        }

        assertThat(settings).containsEntry("compensation.retry-intervals-seconds", "[10, 30, 60]")
                .containsEntry("compensation.max-retries", "3")
                .containsEntry("order.payment-window-minutes", "15")
                .containsEntry("tx.hanging-deadline-seconds", "300")
                .containsEntry("tx.max-auto-attempts", "3")
                .containsEntry("reservation.sweeper-threshold-seconds", "60")
                .containsEntry("alert.throttle-minutes", "5")
                .containsKey("activity.preheat-lead-minutes")
                .containsEntry("alert.channels", "[{\"type\":\"log\",\"severities\":[\"INFO\",\"WARNING\",\"URGENT\"]}]")
                .containsEntry("reconciler.alert-drift-threshold", "0");
        assertRefused("ck_settings_value_json",
                "INSERT INTO settings (setting_key, setting_value) VALUES (?, '[10, 30')", "test." + randomId());
    }

    @Test
    void auditLogTakesAnIpv6ClientAndChecksTheActorType() throws SQLException {
        long entry = randomId();
        String ipv6 = "ffff:ffff:ffff:ffff:ffff:ffff:255.255.255.255"; // 45 characters, the longest text form
        update("INSERT INTO audit_log (id, actor_type, actor_id, actor_name, action, target_type, target_id,"
                + " before_summary, after_summary, client_ip, service) VALUES (?, 'ADMIN', 1, '运营小王', 'ACTIVITY_CREATE',"
                + " 'activity', '42', NULL, '{\"title\":\"双十一\"}', ?, 'admin-back')", entry, ipv6);

        assertThat(strings("SELECT client_ip FROM audit_log WHERE id = ?", entry)).containsExactly(ipv6);
        assertRefused("ck_audit_log_actor_type", "INSERT INTO audit_log (id, actor_type, action, service)"
                + " VALUES (?, 'ROBOT', 'X', 'admin-back')", randomId());
    }

    // ---------------------------------------------------------------------------------------------------------

    private static long product() throws SQLException {
        long product = randomId();
        update("INSERT INTO products (id, name, original_price) VALUES (?, 'Test mug', 59.00)", product);
        return product;
    }

    private static void insertActivity(long product, int total, int limit, Timestamp start, Timestamp end, String status)
            throws SQLException {
        update("INSERT INTO seckill_activities (id, product_id, title, seckill_price, total_stock, per_user_limit,"
                + " start_time, end_time, status) VALUES (?, ?, '双十一秒杀', 9.90, ?, ?, ?, ?, ?)",
                randomId(), product, total, limit, start, end, status);
    }

    private static void insertAdmin(long id, String username, String status) throws SQLException {
        update("INSERT INTO admin_users (id, username, password_hash, display_name, status) VALUES (?, ?, 'hash', 'Ops', ?)",
                id, username, status);
    }

    private static String resource(String path) throws IOException {
        try (InputStream in = AdminBackMigrationsTest.class.getClassLoader().getResourceAsStream(path)) {
            assertThat(in).as(path).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}

package io.seckill.admin.settings;

import io.seckill.admin.audit.AdminAudit;
import io.seckill.admin.security.AdminTokens;
import io.seckill.admin.security.RequiresPermission;
import io.seckill.admin.support.AfterCommit;
import io.seckill.kernel.error.ApiException;
import io.seckill.kernel.error.Problem;
import io.seckill.kernel.error.ProblemCode;
import io.seckill.kernel.settings.RuntimeSettings;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code /api/admin/settings}: the runtime settings every service reads through the kernel's
 * {@link RuntimeSettings}. Reads need {@code settings:read} (alert channels hold webhook URLs and secrets, so the
 * list is not for everyone), writes {@code settings:write}. A write names the {@code version} it was based on (409
 * {@code STALE_VERSION} when someone changed the key since), is validated per key ({@link SettingRules}), leaves an
 * audit row with the value before and after, and is announced on {@link RuntimeSettings#CHANGED_CHANNEL} after it
 * committed, so every service reloads within milliseconds and none reads the old row after the announcement.
 */
@RestController
class SettingsController {

    static final ProblemCode STALE_VERSION = new Problem("STALE_VERSION", HttpStatus.CONFLICT,
            "The setting was changed by someone else; reload it and retry");
    private static final Logger log = LoggerFactory.getLogger(SettingsController.class);
    private static final String SELECT = "SELECT setting_key, setting_value, description, updated_by, updated_at, version"
            + " FROM settings";

    record Setting(String key, JsonNode value, String description, String updatedBy, Instant updatedAt, long version) {
    }

    record Settings(List<Setting> items) {
    }

    /** {@code version}: the version the change is based on, from a GET. */
    record Update(@NotNull JsonNode value, @NotNull Long version) {
    }

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final AdminAudit audit;
    private final StringRedisTemplate redis;
    private final JsonMapper json;

    SettingsController(JdbcClient jdbc, TransactionTemplate tx, AdminAudit audit, StringRedisTemplate redis,
                       JsonMapper json) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.audit = audit;
        this.redis = redis;
        this.json = json;
    }

    @RequiresPermission("settings:read")
    @GetMapping("/api/admin/settings")
    Settings list() {
        return new Settings(jdbc.sql(SELECT + " ORDER BY setting_key").query(this::setting).list());
    }

    @RequiresPermission("settings:read")
    @GetMapping("/api/admin/settings/{key}")
    Setting get(@PathVariable String key) {
        return find(key, false);
    }

    @RequiresPermission("settings:write")
    @PutMapping("/api/admin/settings/{key}")
    Setting update(@PathVariable String key, @Valid @RequestBody Update body, HttpServletRequest request) {
        if (!SettingRules.known(key)) {
            throw ApiException.notFound("setting " + key);
        }
        SettingRules.validate(key, body.value());
        String by = AdminTokens.actorName(AdminTokens.current(request));
        Setting after = tx.execute(status -> {
            Setting before = find(key, true);
            if (before.version() != body.version()) {
                throw new ApiException(STALE_VERSION, "setting " + key + " is at version " + before.version())
                        .with("currentVersion", before.version());
            }
            jdbc.sql("UPDATE settings SET setting_value = ?, updated_by = ?, version = version + 1 WHERE setting_key = ?")
                    .params(json.writeValueAsString(body.value()), by, key).update();
            Setting changed = find(key, false);
            audit.record(request, "SETTING_UPDATE", "setting", key, auditView(before), auditView(changed));
            AfterCommit.run(() -> announce(key));
            return changed;
        });
        return after;
    }

    private void announce(String key) {
        try {
            redis.convertAndSend(RuntimeSettings.CHANGED_CHANNEL, key);
        } catch (RuntimeException e) {
            // Committed anyway: every service also reloads on its own every 30 s.
            log.warn("could not announce the change of setting {}: {}", key, e.toString());
        }
    }

    /** The audit trail is read by more people than the settings: secrets in a value are masked there. */
    private Map<String, Object> auditView(Setting setting) {
        return Map.of("value", Secrets.masked(setting.value()), "version", setting.version());
    }

    private Setting find(String key, boolean forUpdate) {
        return jdbc.sql(SELECT + " WHERE setting_key = ?" + (forUpdate ? " FOR UPDATE" : "")).param(key)
                .query(this::setting).optional()
                .orElseThrow(() -> ApiException.notFound("setting " + key));
    }

    private Setting setting(ResultSet r, int n) throws SQLException {
        return new Setting(r.getString(1), json.readTree(r.getString(2)), r.getString(3), r.getString(4),
                r.getTimestamp(5).toInstant(), r.getLong(6));
    }
}

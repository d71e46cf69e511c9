package io.seckill.admin.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.seckill.admin.support.AdminApiTest;
import io.seckill.admin.support.Http;
import io.seckill.kernel.settings.RuntimeSettings;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.listener.ChannelTopic;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;
import tools.jackson.databind.JsonNode;

/** /api/admin/settings: per-key validation, optimistic versions, audit with masked secrets, broadcast after commit. */
class SettingsApiTest extends AdminApiTest {

    @Autowired
    RuntimeSettings settings;

    /** The schema is shared with the migration test, which checks the seeded defaults. */
    @AfterEach
    void restoreDefaults() {
        jdbc.sql("UPDATE settings SET setting_value = '[10, 30, 60]' WHERE setting_key = 'compensation.retry-intervals-seconds'").update();
        jdbc.sql("UPDATE settings SET setting_value = '15' WHERE setting_key = 'order.payment-window-minutes'").update();
        jdbc.sql("UPDATE settings SET setting_value = ? WHERE setting_key = 'alert.channels'")
                .param("[{\"type\":\"log\",\"severities\":[\"INFO\",\"WARNING\",\"URGENT\"]}]").update();
        settings.refresh();
    }

    @Test
    void listsEverySeededKeyAndEveryKeyWithARuleIsSeeded() {
        Http.Response list = http().get("/api/admin/settings", tokenWith("settings:read"));
        assertThat(list.status()).as(list.body()).isEqualTo(200);
        List<String> keys = list.json().path("items").valueStream().map(s -> s.path("key").asString()).toList();
        assertThat(keys).containsAll(SettingRules.keys());
        Http.Response one = http().get("/api/admin/settings/order.payment-window-minutes", tokenWith("settings:read"));
        assertThat(one.json().path("value").asInt()).isEqualTo(15);
        assertThat(one.json().path("version").isNumber()).isTrue();
        assertProblem(http().get("/api/admin/settings/no.such-key", tokenWith("settings:read")), 404, "NOT_FOUND");
    }

    @Test
    void everySeededDefaultPassesItsOwnRule() {
        for (String key : SettingRules.keys()) {
            String value = jdbc.sql("SELECT setting_value FROM settings WHERE setting_key = ?").param(key)
                    .query(String.class).single();
            SettingRules.validate(key, tools.jackson.databind.json.JsonMapper.builder().build().readTree(value));
        }
    }

    @Test
    void badValuesAre400WithTheFieldAndUnknownKeys404() {
        String token = tokenWith("settings:write");
        assertField(put(token, "compensation.retry-intervals-seconds", "[30, 10]", 0), "value[1]");
        assertField(put(token, "compensation.retry-intervals-seconds", "[0, 10]", 0), "value[0]");
        assertField(put(token, "compensation.retry-intervals-seconds", "[]", 0), "value");
        assertField(put(token, "compensation.retry-intervals-seconds", "\"10,30\"", 0), "value");
        assertField(put(token, "compensation.max-retries", "21", 0), "value");
        assertField(put(token, "order.payment-window-minutes", "1.5", 0), "value");
        assertField(put(token, "alert.channels", "[{\"type\":\"wecom\",\"severities\":[\"URGENT\"],\"url\":\"ftp://x\"}]", 0),
                "value[0].url");
        assertField(put(token, "alert.channels", "[{\"type\":\"log\",\"severities\":[\"LOUD\"]}]", 0), "value[0].severities");
        assertField(put(token, "alert.channels", "[{\"type\":\"pager\",\"severities\":[\"INFO\"]}]", 0), "value[0].type");
        assertField(put(token, "alert.channels", "[{\"type\":\"email\",\"severities\":[\"INFO\"],\"to\":[\"nobody\"]}]", 0),
                "value[0].to");
        assertProblem(http().put("/api/admin/settings/order.payment-window-minutes", token, "{\"value\":5}"),
                400, "VALIDATION_FAILED");
        assertProblem(put(token, "no.such-key", "1", 0), 404, "NOT_FOUND");
    }

    @Test
    void anUpdateIsStoredAuditedOnceWithMaskedSecretsAndAnnouncedSoServicesReload() {
        List<String> announced = new CopyOnWriteArrayList<>();
        RedisMessageListenerContainer listener = new RedisMessageListenerContainer();
        listener.setConnectionFactory(redis.getConnectionFactory());
        listener.addMessageListener((message, pattern) -> announced.add(new String(message.getBody())),
                new ChannelTopic(RuntimeSettings.CHANGED_CHANNEL));
        listener.afterPropertiesSet();
        listener.start();
        try {
            String username = admin("settings:write", "settings:read");
            String token = login(username);
            long version = version("alert.channels");
            String channels = "[{\"type\":\"dingtalk\",\"severities\":[\"URGENT\"],\"url\":\"https://oapi.dingtalk.com/robot/send?access_token=t\",\"secret\":\"SEC-very-secret\"}]";

            Http.Response updated = put(token, "alert.channels", channels, version);

            assertThat(updated.status()).as(updated.body()).isEqualTo(200);
            assertThat(updated.json().path("version").asLong()).isEqualTo(version + 1);
            assertThat(updated.json().path("updatedBy").asString()).isEqualTo(username);
            assertThat(updated.json().path("value").get(0).path("type").asString()).isEqualTo("dingtalk");
            await().atMost(Duration.ofSeconds(5)).until(() -> announced.contains("alert.channels"));
            assertThat(settings.get("alert.channels").orElseThrow().get(0).path("type").asString()).isEqualTo("dingtalk");
            assertOneAuditRow("SETTING_UPDATE", "alert.channels", username);
            String after = jdbc.sql("SELECT after_summary FROM audit_log WHERE action = 'SETTING_UPDATE' AND target_id = 'alert.channels'")
                    .query(String.class).single();
            assertThat(after).contains("dingtalk").contains(Secrets.MASK).doesNotContain("SEC-very-secret");
        } finally {
            listener.stop();
            try {
                listener.destroy();
            } catch (Exception ignored) {
                // the test's own listener
            }
            jdbc.sql("DELETE FROM audit_log WHERE target_id = 'alert.channels'").update();
        }
    }

    @Test
    void aStaleVersionIs409AndChangesNothing() {
        String token = tokenWith("settings:write");
        long version = version("order.payment-window-minutes");
        assertThat(put(token, "order.payment-window-minutes", "30", version).status()).isEqualTo(200);

        Http.Response stale = put(token, "order.payment-window-minutes", "45", version);

        assertProblem(stale, 409, "STALE_VERSION");
        assertThat(stale.json().path("currentVersion").asLong()).isEqualTo(version + 1);
        assertThat(jdbc.sql("SELECT setting_value FROM settings WHERE setting_key = 'order.payment-window-minutes'")
                .query(String.class).single()).isEqualTo("30");
    }

    private long version(String key) {
        return jdbc.sql("SELECT version FROM settings WHERE setting_key = ?").param(key).query(Long.class).single();
    }

    private Http.Response put(String token, String key, String value, long version) {
        return http().put("/api/admin/settings/" + key, token, "{\"value\":" + value + ",\"version\":" + version + "}");
    }

    private static void assertField(Http.Response response, String field) {
        assertProblem(response, 400, "VALIDATION_FAILED");
        JsonNode errors = response.json().path("errors");
        assertThat(errors.valueStream().map(e -> e.path("field").asString())).as(response.body()).contains(field);
    }
}

package io.seckill.admin.settings;

import io.seckill.admin.web.FieldErrors;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * What each known setting may hold: its JSON type and range. A key without a rule cannot be written through the
 * API (it answers 404), so a typo never creates a setting nobody reads. Ranges keep an operator from breaking a
 * pipeline with one edit (a retry interval of 0 s is a hot loop, a payment window of 0 cancels every order).
 */
final class SettingRules {

    /** Checks a value; reports problems as field errors under {@code value}, {@code value[1]}, {@code value[0].url}. */
    interface Rule {
        void check(JsonNode value, FieldErrors errors);
    }

    static final Set<String> SEVERITIES = Set.of("INFO", "WARNING", "URGENT");
    static final Set<String> CHANNEL_TYPES = Set.of("log", "wecom", "dingtalk", "email");
    private static final Pattern URL = Pattern.compile("https?://[^\\s]{1,500}");
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]{1,64}@[^@\\s]{1,255}");

    private static final Map<String, Rule> RULES = Map.ofEntries(
            Map.entry("compensation.retry-intervals-seconds", increasingInts(1, 3600, 10)),
            Map.entry("compensation.max-retries", intRange(0, 20)),
            Map.entry("order.payment-window-minutes", intRange(1, 1440)),
            Map.entry("tx.hanging-deadline-seconds", intRange(10, 86_400)),
            Map.entry("tx.max-auto-attempts", intRange(0, 20)),
            Map.entry("reservation.sweeper-threshold-seconds", intRange(10, 3600)),
            Map.entry("alert.throttle-minutes", intRange(0, 1440)),
            Map.entry("activity.preheat-lead-minutes", intRange(1, 1440)),
            Map.entry("reconciler.alert-drift-threshold", intRange(0, 1_000_000)),
            Map.entry("alert.channels", SettingRules::alertChannels));

    private SettingRules() {
    }

    static boolean known(String key) {
        return RULES.containsKey(key);
    }

    static Set<String> keys() {
        return RULES.keySet();
    }

    /** @throws io.seckill.kernel.error.ApiException 400 VALIDATION_FAILED with the field errors */
    static void validate(String key, JsonNode value) {
        FieldErrors errors = new FieldErrors();
        RULES.get(key).check(value, errors);
        errors.throwIfAny();
    }

    static Rule intRange(int min, int max) {
        return (value, errors) -> checkInt(value, min, max, "value", errors);
    }

    /** A non-empty array of at most {@code maxLength} strictly increasing integers within min..max. */
    static Rule increasingInts(int min, int max, int maxLength) {
        return (value, errors) -> {
            if (!value.isArray() || value.isEmpty() || value.size() > maxLength) {
                errors.reject("value", "must be an array of 1 to " + maxLength + " integers");
                return;
            }
            long previous = Long.MIN_VALUE;
            for (int i = 0; i < value.size(); i++) {
                JsonNode item = value.get(i);
                if (checkInt(item, min, max, "value[" + i + "]", errors)) {
                    if (item.asLong() <= previous) {
                        errors.reject("value[" + i + "]", "must be greater than the interval before it");
                    }
                    previous = item.asLong();
                }
            }
        };
    }

    private static boolean checkInt(JsonNode value, int min, int max, String field, FieldErrors errors) {
        if (!value.isIntegralNumber() || !value.canConvertToLong() || value.asLong() < min || value.asLong() > max) {
            errors.reject(field, "must be an integer between " + min + " and " + max);
            return false;
        }
        return true;
    }

    /** {@code [{type, severities, url?, secret?, to?}]}: what order-compensation's alert channels are built from. */
    private static void alertChannels(JsonNode value, FieldErrors errors) {
        if (!value.isArray() || value.size() > 20) {
            errors.reject("value", "must be an array of at most 20 channels");
            return;
        }
        for (int i = 0; i < value.size(); i++) {
            alertChannel(value.get(i), "value[" + i + "]", errors);
        }
    }

    private static void alertChannel(JsonNode channel, String field, FieldErrors errors) {
        if (!channel.isObject()) {
            errors.reject(field, "must be an object {type, severities, …}");
            return;
        }
        String type = channel.path("type").isString() ? channel.path("type").asString() : "";
        if (!CHANNEL_TYPES.contains(type)) {
            errors.reject(field + ".type", "must be one of " + CHANNEL_TYPES);
        }
        JsonNode severities = channel.path("severities");
        if (!severities.isArray() || severities.isEmpty()
                || severities.valueStream().anyMatch(s -> !s.isString() || !SEVERITIES.contains(s.asString()))) {
            errors.reject(field + ".severities", "must be a non-empty array of " + SEVERITIES);
        }
        if (Set.of("wecom", "dingtalk").contains(type)
                && !(channel.path("url").isString() && URL.matcher(channel.path("url").asString()).matches())) {
            errors.reject(field + ".url", "must be an http(s) URL");
        }
        if (channel.has("secret") && !(channel.get("secret").isString() && !channel.get("secret").asString().isBlank())) {
            errors.reject(field + ".secret", "must be a non-blank string");
        }
        if ("email".equals(type)) {
            JsonNode to = channel.path("to");
            boolean valid = to.isArray() && !to.isEmpty()
                    && to.valueStream().allMatch(a -> a.isString() && EMAIL.matcher(a.asString()).matches());
            if (!valid) {
                errors.reject(field + ".to", "must be a non-empty array of e-mail addresses");
            }
        }
    }
}

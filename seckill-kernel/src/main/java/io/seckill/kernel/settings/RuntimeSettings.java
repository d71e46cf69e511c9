package io.seckill.kernel.settings;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The runtime settings of DESIGN.md §5/§6 (retry policy, payment window, hanging-transaction deadline, alert
 * channels…), read from the {@code settings} table that admin-back owns and writes through
 * {@code /api/admin/settings}. Every value is a JSON document.
 *
 * <p>A snapshot is held in memory so a reader never waits on MySQL. It is reloaded when admin-back announces a
 * change on the Redis channel {@link #CHANGED_CHANNEL} (so a change takes effect within milliseconds, without a
 * restart) and, as a safety net for a missed message, every {@code refreshEvery}. A value that is missing or of
 * the wrong shape gives the caller's fallback (with a warning), never an exception: a bad setting must not stop
 * an order pipeline.
 */
public class RuntimeSettings implements AutoCloseable {

    /** Redis pub/sub channel; the message is the changed key (informational: readers reload everything). */
    public static final String CHANGED_CHANNEL = "seckill:settings:changed";

    private static final Logger log = LoggerFactory.getLogger(RuntimeSettings.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final JdbcClient jdbc;
    private final List<Consumer<Set<String>>> listeners = new CopyOnWriteArrayList<>();
    private final Set<String> warned = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService refresher;
    private volatile Map<String, JsonNode> values = Map.of();
    private volatile boolean tableMissingLogged;

    public RuntimeSettings(JdbcClient jdbc, Duration refreshEvery) {
        this.jdbc = jdbc;
        refresh();
        refresher = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("settings-refresh").factory());
        long millis = Math.max(1, refreshEvery.toMillis());
        refresher.scheduleWithFixedDelay(this::refreshQuietly, millis, millis, TimeUnit.MILLISECONDS);
    }

    /** Reloads every setting now and tells the listeners which keys changed (if any did). */
    public synchronized void refresh() {
        Map<String, JsonNode> loaded = new HashMap<>();
        try {
            jdbc.sql("SELECT setting_key, setting_value FROM settings")
                    .query((rs, n) -> Map.entry(rs.getString(1), rs.getString(2)))
                    .list()
                    .forEach(row -> parse(row.getKey(), row.getValue()).ifPresent(node -> loaded.put(row.getKey(), node)));
        } catch (RuntimeException e) {
            if (!tableMissingLogged) {
                tableMissingLogged = true;
                log.warn("runtime settings not readable ({}); keeping {} known values and the built-in defaults",
                        e.getMessage(), values.size());
            }
            return;
        }
        tableMissingLogged = false;
        Set<String> changed = new HashSet<>();
        Map<String, JsonNode> previous = values;
        for (String key : union(previous.keySet(), loaded.keySet())) {
            if (!Objects.equals(previous.get(key), loaded.get(key))) {
                changed.add(key);
            }
        }
        values = Map.copyOf(loaded);
        if (!changed.isEmpty() && !previous.isEmpty()) {
            log.info("runtime settings changed: {}", changed);
        }
        if (!changed.isEmpty()) {
            Set<String> keys = Set.copyOf(changed);
            listeners.forEach(listener -> {
                try {
                    listener.accept(keys);
                } catch (RuntimeException e) {
                    log.warn("a settings listener failed on {}: {}", keys, e.toString());
                }
            });
        }
    }

    /** Called with the set of changed keys after each reload that changed something. */
    public void onChange(Consumer<Set<String>> listener) {
        listeners.add(listener);
    }

    /** The raw JSON value of a key, if it is set. */
    public Optional<JsonNode> get(String key) {
        return Optional.ofNullable(values.get(key));
    }

    /** Every key and its raw JSON value. */
    public Map<String, JsonNode> all() {
        return values;
    }

    public int intValue(String key, int fallback) {
        JsonNode node = values.get(key);
        if (node != null && node.canConvertToInt()) {
            return node.asInt();
        }
        return fallback(key, node, fallback);
    }

    public long longValue(String key, long fallback) {
        JsonNode node = values.get(key);
        if (node != null && node.canConvertToLong()) {
            return node.asLong();
        }
        return fallback(key, node, fallback);
    }

    public boolean boolValue(String key, boolean fallback) {
        JsonNode node = values.get(key);
        if (node != null && node.isBoolean()) {
            return node.asBoolean();
        }
        return fallback(key, node, fallback);
    }

    public String text(String key, String fallback) {
        JsonNode node = values.get(key);
        if (node != null && node.isString()) {
            return node.asString();
        }
        return fallback(key, node, fallback);
    }

    /** A number of seconds ({@code "tx.hanging-deadline-seconds": 300}). */
    public Duration seconds(String key, Duration fallback) {
        long value = longValue(key, -1);
        return value > 0 ? Duration.ofSeconds(value) : fallback;
    }

    /** A number of minutes ({@code "order.payment-window-minutes": 15}). */
    public Duration minutes(String key, Duration fallback) {
        long value = longValue(key, -1);
        return value > 0 ? Duration.ofMinutes(value) : fallback;
    }

    /** A JSON array of positive integers ({@code "compensation.retry-intervals-seconds": [10, 30, 60]}). */
    public List<Integer> intList(String key, List<Integer> fallback) {
        JsonNode node = values.get(key);
        if (node != null && node.isArray() && !node.isEmpty()) {
            List<Integer> list = new ArrayList<>();
            for (JsonNode item : node) {
                if (!item.canConvertToInt() || item.asInt() <= 0) {
                    return fallback(key, node, fallback);
                }
                list.add(item.asInt());
            }
            return List.copyOf(list);
        }
        return fallback(key, node, fallback);
    }

    /** Any JSON value mapped to a type (a record, a list…). */
    public <T> T value(String key, Class<T> type, T fallback) {
        JsonNode node = values.get(key);
        if (node != null) {
            try {
                return JSON.treeToValue(node, type);
            } catch (JacksonException e) {
                return fallback(key, node, fallback);
            }
        }
        return fallback;
    }

    @Override
    public void close() {
        refresher.shutdownNow();
    }

    private void refreshQuietly() {
        try {
            refresh();
        } catch (RuntimeException e) {
            log.warn("settings refresh failed: {}", e.toString());
        }
    }

    private <T> T fallback(String key, JsonNode node, T fallback) {
        if (node != null && warned.add(key + "=" + node)) {
            log.warn("setting {} = {} has the wrong shape; using {}", key, node, fallback);
        }
        return fallback;
    }

    private static Optional<JsonNode> parse(String key, String value) {
        try {
            return Optional.of(JSON.readTree(value));
        } catch (JacksonException e) {
            log.warn("setting {} is not JSON; ignored", key);
            return Optional.empty();
        }
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new HashSet<>(a);
        all.addAll(b);
        return all;
    }
}

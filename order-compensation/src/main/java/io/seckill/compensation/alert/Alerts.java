package io.seckill.compensation.alert;

import io.micrometer.core.instrument.MeterRegistry;
import io.seckill.kernel.settings.RuntimeSettings;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;

/**
 * Raises alerts on the channels of the {@code alert.channels} setting that take their severity. Identical
 * alerts (same key) go out once per {@code alert.throttle-minutes} (5), throttled in Redis so several instances
 * throttle together. Sending happens on virtual threads and every channel has its own timeout: a failing or slow
 * channel never blocks compensation.
 */
@Component
public class Alerts implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(Alerts.class);
    static final String THROTTLE_PREFIX = "alert:throttle:";

    private final Map<String, AlertChannel> channels;
    private final RuntimeSettings settings;
    private final StringRedisTemplate redis;
    private final MeterRegistry meters;
    private final ExecutorService senders = Executors.newVirtualThreadPerTaskExecutor();

    Alerts(List<AlertChannel> channels, RuntimeSettings settings, StringRedisTemplate redis, MeterRegistry meters) {
        this.channels = channels.stream().collect(Collectors.toMap(AlertChannel::type, Function.identity()));
        this.settings = settings;
        this.redis = redis;
        this.meters = meters;
    }

    /** @return false when the alert was throttled (an identical one went out within the window) */
    public boolean raise(Alert alert) {
        if (throttled(alert)) {
            meters.counter("alerts", "severity", alert.severity().name(), "channel", "none", "outcome", "throttled").increment();
            return false;
        }
        for (ChannelSettings channel : configured()) {
            AlertChannel sender = channels.get(channel.type());
            if (sender == null) {
                log.warn("alert channel type {} is unknown; known: {}", channel.type(), channels.keySet());
                continue;
            }
            if (channel.takes(alert.severity())) {
                senders.execute(() -> send(sender, channel, alert));
            }
        }
        return true;
    }

    private void send(AlertChannel sender, ChannelSettings channel, Alert alert) {
        try {
            sender.send(alert, channel);
            meters.counter("alerts", "severity", alert.severity().name(), "channel", channel.type(), "outcome", "sent").increment();
        } catch (Exception e) {
            meters.counter("alerts", "severity", alert.severity().name(), "channel", channel.type(), "outcome", "failed").increment();
            log.warn("alert {} not delivered on {}: {}", alert.key(), channel.type(), e.toString());
        }
    }

    private List<ChannelSettings> configured() {
        ChannelSettings[] configured = settings.value("alert.channels", ChannelSettings[].class, null);
        return configured == null ? ChannelSettings.DEFAULT : Arrays.asList(configured);
    }

    /** Redis unreachable → not throttled: a duplicate alert is better than a lost one. */
    private boolean throttled(Alert alert) {
        Duration window = settings.minutes("alert.throttle-minutes", Duration.ofMinutes(5));
        try {
            return !Boolean.TRUE.equals(redis.opsForValue().setIfAbsent(THROTTLE_PREFIX + alert.key(), "1", window));
        } catch (RuntimeException e) {
            log.warn("alert throttle unavailable, sending {}: {}", alert.key(), e.toString());
            return false;
        }
    }

    @Override
    public void destroy() {
        senders.shutdown();
    }
}

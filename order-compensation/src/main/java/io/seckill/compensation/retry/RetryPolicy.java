package io.seckill.compensation.retry;

import io.seckill.kernel.settings.RuntimeSettings;
import java.time.Duration;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * The retry intervals and maximum, read from the runtime settings at every decision so an admin change applies
 * to the next message (and to those already waiting in a tier: their due time is computed when they are read).
 */
@Component
public class RetryPolicy {

    static final List<Integer> DEFAULT_INTERVALS = List.of(10, 30, 60);
    static final int DEFAULT_MAX = 3;

    private final RuntimeSettings settings;

    RetryPolicy(RuntimeSettings settings) {
        this.settings = settings;
    }

    /** Delay of retry tier {@code tier} (0-based); a shorter list repeats its last interval. */
    public Duration interval(int tier) {
        List<Integer> intervals = settings.intList("compensation.retry-intervals-seconds", DEFAULT_INTERVALS);
        return Duration.ofSeconds(intervals.get(Math.min(tier, intervals.size() - 1)));
    }

    /** Retries (after the first attempt) before the DLQ consumer archives. */
    public int maxRetries() {
        int max = settings.intValue("compensation.max-retries", DEFAULT_MAX);
        return max < 0 ? DEFAULT_MAX : max;
    }
}

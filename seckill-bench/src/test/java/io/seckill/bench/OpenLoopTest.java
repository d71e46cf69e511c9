package io.seckill.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class OpenLoopTest {

    @Test
    void aStallDelaysTheCallsQueuedBehindItAndTheirLatencyShowsIt() {
        // 100 calls/s, one in flight: the first call stalls 500 ms, the others are instant. Timed from their actual
        // send, the 50 queued calls would look instant; from their intended time they waited up to ~500 ms.
        OpenLoop.Result r = OpenLoop.run("co", 100, 100, 1, Duration.ofSeconds(10), i -> {
            if (i == 0) {
                Thread.sleep(500); // the simulated server stall under test
            }
            return OpenLoop.ACCEPTED;
        });

        assertThat(r.sent()).isEqualTo(100);
        // 49 calls were due during the stall (10, 20, ... 490 ms behind), 51 were not.
        assertThat(r.latencyMicros().getValueAtPercentile(40)).isLessThan(50_000);
        assertThat(r.latencyMicros().getValueAtPercentile(75)).isGreaterThan(100_000);
        assertThat(r.latencyMicros().getMaxValue()).isGreaterThanOrEqualTo(490_000);
    }

    @Test
    void callsNotStartedByTheDeadlineAreCountedUnsentAndFailuresAreErrors() {
        OpenLoop.Result r = OpenLoop.run("bounded", 1_000, 100, 10, Duration.ofSeconds(1), i -> {
            if (i % 2 == 0) {
                throw new java.io.IOException("connection refused");
            }
            return "SOLD_OUT";
        });

        assertThat(r.outcome("UNSENT")).isGreaterThan(800);
        assertThat(r.outcome("ERROR_IOException")).isEqualTo(r.errors()).isPositive();
        assertThat(r.sent() + r.outcome("UNSENT")).isEqualTo(1_000);
        assertThat(r.seconds()).isLessThan(3);
    }
}

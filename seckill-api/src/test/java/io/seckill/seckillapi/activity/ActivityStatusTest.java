package io.seckill.seckillapi.activity;

import static org.assertj.core.api.Assertions.assertThat;

import io.seckill.seckillapi.activity.domain.Activity;
import io.seckill.kernel.money.Money;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ActivityStatusTest {

    private static final Instant START = Instant.parse("2026-11-24T12:00:00Z");
    private static final Instant END = Instant.parse("2026-11-24T13:00:00Z");

    private static Activity stored(String status) {
        return new Activity(1, 2, "t", "p", "d", null, Money.of("10.00"), Money.of("1.00"), 100, 1, START, END, status);
    }

    @Test
    void scheduledActivityIsScheduledBeforeStartLiveInsideItsWindowAndEndedAtItsEnd() {
        Activity activity = stored("SCHEDULED");
        assertThat(activity.statusAt(START.minusMillis(1))).isEqualTo("SCHEDULED");
        assertThat(activity.statusAt(START)).isEqualTo("LIVE");
        assertThat(activity.statusAt(END.minusMillis(1))).isEqualTo("LIVE");
        assertThat(activity.statusAt(END)).isEqualTo("ENDED");
    }

    @Test
    void cancelledActivityStaysCancelledEvenInsideItsWindow() {
        assertThat(stored("CANCELLED").statusAt(START.plusSeconds(1))).isEqualTo("CANCELLED");
    }
}

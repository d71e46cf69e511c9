package io.seckill.admin.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.seckill.kernel.error.ApiException;
import io.seckill.kernel.money.Money;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ActivityRulesTest {

    private static final Instant START = Instant.parse("2030-01-01T10:00:00Z");
    private static final Instant END = Instant.parse("2030-01-01T12:00:00Z");

    private static ActivityRules.Terms terms(String price, int stock, int limit, Instant start, Instant end) {
        return new ActivityRules.Terms(1, "t", Money.of(price), stock, limit, start, end);
    }

    @SuppressWarnings("unchecked")
    private static List<String> fields(ActivityRules.Terms terms, String original) {
        try {
            ActivityRules.check(terms, Money.of(original)).throwIfAny();
            return List.of();
        } catch (ApiException e) {
            return ((List<Map<String, String>>) e.properties().get("errors")).stream().map(m -> m.get("field")).toList();
        }
    }

    @Test
    void acceptsTheBoundaries() {
        assertThat(fields(terms("0.00", 1, 1, START, END), "59.00")).isEmpty();
        assertThat(fields(terms("59.00", 1_000_000, 1_000_000, START, END), "59.00")).isEmpty();
    }

    @Test
    void refusesEveryBrokenRuleAtOnce() {
        assertThat(fields(terms("59.01", 0, 0, END, START), "59.00"))
                .containsExactlyInAnyOrder("totalStock", "perUserLimit", "endTime", "seckillPrice");
        assertThat(fields(terms("-0.01", 1_000_001, 2, START, START), "59.00"))
                .containsExactlyInAnyOrder("totalStock", "endTime", "seckillPrice");
        assertThat(fields(terms("1.00", 5, 6, START, END), "59.00")).containsExactly("perUserLimit");
    }

    @Test
    void statusFollowsTheWindowOnlyForScheduledAndLiveActivities() {
        Instant during = START.plusSeconds(60);
        assertThat(ActivityRules.statusAt("SCHEDULED", START, END, START.minusSeconds(1))).isEqualTo("SCHEDULED");
        assertThat(ActivityRules.statusAt("SCHEDULED", START, END, START)).isEqualTo("LIVE");
        assertThat(ActivityRules.statusAt("LIVE", START, END, END)).isEqualTo("ENDED");
        assertThat(ActivityRules.statusAt("DRAFT", START, END, during)).isEqualTo("DRAFT");
        assertThat(ActivityRules.statusAt("CANCELLED", START, END, during)).isEqualTo("CANCELLED");
    }

    @Test
    void onlyTheTitleIsNotASaleTerm() {
        ActivityRules.Terms current = terms("9.90", 100, 1, START, END);
        assertThat(ActivityRules.changesSaleTerms(current,
                new ActivityRules.Terms(1, "another title", Money.of("9.90"), 100, 1, START, END))).isFalse();
        assertThat(ActivityRules.changesSaleTerms(current, terms("9.90", 101, 1, START, END))).isTrue();
        assertThat(ActivityRules.changesSaleTerms(current, terms("9.91", 100, 1, START, END))).isTrue();
        assertThat(ActivityRules.changesSaleTerms(current, terms("9.90", 100, 2, START, END))).isTrue();
        assertThat(ActivityRules.changesSaleTerms(current, terms("9.90", 100, 1, START, END.plusSeconds(1)))).isTrue();
    }
}

package io.seckill.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class AttemptPlanTest {

    @Test
    void aRushIsOneGenuineAttemptPerUserInOrder() {
        AttemptPlan plan = AttemptPlan.of(BenchOptions.Scenario.RUSH, 100, 1);

        assertThat(plan.user()).containsExactly(IntStream.range(0, 100).toArray());
        assertThat(plan.kind()).containsOnly(AttemptPlan.Kind.PATH);
    }

    @Test
    void aMixedCrowdAddsRetriesAndForgedPathsButEveryUserKeepsOneGenuineAttempt() {
        AttemptPlan plan = AttemptPlan.of(BenchOptions.Scenario.MIXED, 10_000, 42);

        long forged = Arrays.stream(plan.kind()).filter(k -> k == AttemptPlan.Kind.FORGED_PATH).count();
        assertThat(plan.size()).isBetween(12_000, 12_600);
        assertThat(forged).isBetween(400L, 600L);
        assertThat(IntStream.range(0, plan.size()).filter(i -> plan.kind()[i] == AttemptPlan.Kind.PATH)
                .map(i -> plan.user()[i]).distinct().count()).isEqualTo(10_000);
    }

    @Test
    void morePressesRepeatTheWholeCrowdWaveAfterWaveWithTheSamePaths() {
        AttemptPlan plan = AttemptPlan.of(BenchOptions.Scenario.RUSH, 100, 3, 1);

        assertThat(plan.size()).isEqualTo(300);
        int[] oneWave = IntStream.range(0, 100).toArray();
        assertThat(Arrays.copyOfRange(plan.user(), 0, 100)).containsExactly(oneWave);
        assertThat(Arrays.copyOfRange(plan.user(), 100, 200)).containsExactly(oneWave);
        assertThat(Arrays.copyOfRange(plan.user(), 200, 300)).containsExactly(oneWave);
        assertThat(plan.kind()).containsOnly(AttemptPlan.Kind.PATH);
    }
}

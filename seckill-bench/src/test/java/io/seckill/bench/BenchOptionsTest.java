package io.seckill.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BenchOptionsTest {

    @Test
    void noOptionsMeanARushOfTwentyThousandBuyersOnTheLocalRouter() {
        BenchOptions o = BenchOptions.parse("--home", "/repo");

        assertThat(o.users()).isEqualTo(20_000);
        assertThat(o.stock()).isEqualTo(500);
        assertThat(o.scenario()).isEqualTo(BenchOptions.Scenario.RUSH);
        assertThat(o.customerBase()).isEqualTo(URI.create("http://localhost:8080"));
        assertThat(o.stateDir()).isEqualTo(Path.of("/repo/.seckill"));
        assertThat(o.resultsDir()).isEqualTo(Path.of("/repo/bench-results"));
        assertThat(o.remote()).isFalse();
    }

    @Test
    void everyOptionIsReadInBothSpellings() {
        BenchOptions o = BenchOptions.parse("--users=100_000", "--stock", "300", "--concurrency=50", "--duration", "2m",
                "--scenario=MIXED", "--direct", "--drain-timeout", "90s", "--state-dir", "/s", "--results-dir=/r",
                "--presses=5");

        assertThat(o.users()).isEqualTo(100_000);
        assertThat(o.stock()).isEqualTo(300);
        assertThat(o.concurrency()).isEqualTo(50);
        assertThat(o.duration()).isEqualTo(Duration.ofMinutes(2));
        assertThat(o.drainTimeout()).isEqualTo(Duration.ofSeconds(90));
        assertThat(o.scenario()).isEqualTo(BenchOptions.Scenario.MIXED);
        assertThat(o.customerBase()).isEqualTo(URI.create("http://127.0.0.1:8100"));
        assertThat(o.stateDir()).isEqualTo(Path.of("/s"));
        assertThat(o.resultsDir()).isEqualTo(Path.of("/r"));
        assertThat(o.presses()).isEqualTo(5);
    }

    @Test
    void pressesAreOneByDefaultBoundedAndNotForThePlentyScenario() {
        assertThat(BenchOptions.parse().presses()).isEqualTo(1);
        assertThatThrownBy(() -> BenchOptions.parse("--presses", "0")).isInstanceOf(BenchOptions.UsageException.class);
        assertThatThrownBy(() -> BenchOptions.parse("--presses", "101")).isInstanceOf(BenchOptions.UsageException.class);
        assertThatThrownBy(() -> BenchOptions.parse("--scenario", "plenty", "--users", "10", "--presses", "2"))
                .isInstanceOf(BenchOptions.UsageException.class).hasMessageContaining("--presses");
    }

    @Test
    void thePlentyScenarioSellsOneUnitToEveryUser() {
        assertThat(BenchOptions.parse("--users", "1000", "--stock", "10", "--scenario", "plenty").effectiveStock())
                .isEqualTo(1000);
    }

    @Test
    void aTargetIsRemoteAndLosesItsTrailingSlash() {
        BenchOptions o = BenchOptions.parse("--target", "http://127.0.0.1:18080/");

        assertThat(o.remote()).isTrue();
        assertThat(o.target()).isEqualTo(URI.create("http://127.0.0.1:18080"));
    }

    @ParameterizedTest(name = "{0} is refused: {1}")
    @CsvSource(delimiter = '|', value = {
            "--users 0                          | --users must be between 1 and 1000000",
            "--users many                       | --users must be a whole number",
            "--users                            | --users needs a value",
            "--concurrency 20000                | --concurrency must be between 1 and 10000",
            "--duration 0                       | --duration must be between 1 s and 60 m",
            "--duration soon                    | --duration must be seconds",
            "--scenario stampede                | --scenario must be rush, plenty or mixed",
            "--target ftp://x                   | --target must be an http(s) URL",
            "--target http://127.0.0.1 --direct | --direct aims at the local seckill-api",
            "--users 10 --stock 11              | use --scenario plenty",
            "--fast                             | unknown option --fast"})
    void badInputIsAUsageErrorThatSaysWhy(String args, String message) {
        assertThatThrownBy(() -> BenchOptions.parse(args.trim().split("\\s+")))
                .isInstanceOf(BenchOptions.UsageException.class)
                .hasMessageContaining(message);
    }

    @Test
    void aRemoteTargetIsRefusedWithWhatCannotBeDoneThere() {
        assertThatThrownBy(() -> Bench.requireLoopback(URI.create("http://192.0.2.10:8080")))
                .isInstanceOf(BenchFailure.class)
                .hasMessageContaining("seeding users").hasMessageContaining("devAnswer")
                .hasMessageContaining("invariant checks");
    }
}

package io.seckill.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

class ReportTest {

    @TempDir
    Path dir;

    @Test
    void theReportCarriesTheIssueFieldsAndTheChartsAreWritten() throws Exception {
        OpenLoop.Tally tally = new OpenLoop.Tally("attempts", 50, Duration.ofSeconds(5));
        for (int i = 0; i < 50; i++) {
            long intended = tally.begin() + i * 1_000_000L;
            tally.started();
            tally.record(i % 10 == 0 ? OpenLoop.ACCEPTED : "SOLD_OUT", intended, intended + 500_000);
        }
        OpenLoop.Result attempts = tally.finish();
        Facts facts = new Facts(5, 1, Map.of(), Set.of(), List.of(), Map.of(), 0, 5, 0, 5, 0);
        List<Invariants.Check> checks = Invariants.check(facts);
        Histogram rto = new Histogram(3);
        rto.recordValue(12_000);
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("scenario", "rush");
        report.put("machine", Machine.describe());
        report.put("settings", Map.of("users", 50));
        report.put("attemptsPerSecond", attempts.ratePerSecond());
        report.put("acceptedPerSecond", 1.0);
        report.put("latencyMs", Report.percentilesMs(attempts.latencyMicros(), 50, 99, 99.9));
        report.put("ordersPerSecond", 0.0);
        report.put("reservationToOrderMs", Report.percentilesMs(rto, 50, 99));
        report.put("phases", Map.of("attempts", Map.of("sent", 50, "seconds", 1, "perSecond", 50, "outcomes", Map.of())));
        report.put("invariants", Report.invariants(checks));
        report.put("ok", Invariants.allOk(checks));

        List<String> charts = Charts.write(dir, attempts, new long[] {0, 1}, rto);
        Report.write(dir, report, charts);

        JsonNode json = Http.JSON.readTree(dir.resolve("report.json").toFile());
        assertThat(json.propertyNames()).contains("scenario", "machine", "settings", "attemptsPerSecond",
                "acceptedPerSecond", "latencyMs", "ordersPerSecond", "reservationToOrderMs", "invariants", "ok");
        assertThat(json.path("machine").propertyNames()).contains("cores", "memoryMb", "jdk");
        assertThat(json.path("latencyMs").propertyNames()).containsExactly("p50", "p99", "p999", "max");
        assertThat(json.path("reservationToOrderMs").path("p50").asDouble()).isCloseTo(12.0, org.assertj.core.data.Offset.offset(0.1));
        assertThat(json.path("invariants").path("ledgerDriftRedis").path("ok").asBoolean()).isTrue();
        assertThat(json.path("ok").asBoolean()).isTrue();
        for (String chart : charts) {
            byte[] png = Files.readAllBytes(dir.resolve(chart));
            assertThat(png).as(chart).hasSizeGreaterThan(1000).startsWith(0x89, 'P', 'N', 'G');
        }
        assertThat(Files.readString(dir.resolve("report.md"))).contains("all invariants hold", "ledgerDriftMysql",
                "![throughput.png](throughput.png)");
    }
}

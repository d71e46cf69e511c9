package io.seckill.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Runs the real {@code ./seckill bench} as a user does, with its own state folder under {@code target/}: it starts
 * its own dev stack (the fixed service ports: this runs after dev-stack's ITs, by module order), benches a small
 * rush, stops the stack. A test of the tool and of the invariants on a real run, never of the timings.
 */
class BenchIT {

    private static final Path HOME = Path.of(System.getProperty("seckill.home", "..")).toAbsolutePath().normalize();
    private static final Path STATE = Path.of("target", "bench-state").toAbsolutePath();
    private static final Path RESULTS = Path.of("target", "bench-results").toAbsolutePath();

    @Test
    void aSmallRushOnItsOwnStackKeepsEveryPromiseAndWritesTheReportAndCharts() throws Exception {
        String output = seckill(0, "bench", "--no-build", "--users", "5000", "--stock", "500", "--duration", "15s",
                "--results-dir", RESULTS.toString());

        assertThat(output).contains("no dev stack is running; starting one", "All invariants hold.",
                "stopping the stack started for the run");
        Path run;
        try (Stream<Path> runs = Files.list(RESULTS)) {
            run = runs.filter(Files::isDirectory).max(Path::compareTo).orElseThrow();
        }
        JsonNode report = Http.JSON.readTree(run.resolve("report.json").toFile());
        assertThat(report.path("ok").asBoolean()).isTrue();
        assertThat(report.path("scenario").asString()).isEqualTo("rush");
        JsonNode invariants = report.path("invariants");
        assertThat(invariants.path("ordersWithinStock").path("liveOrderUnits").asLong()).isBetween(1L, 500L);
        assertThat(invariants.path("oneOrderPerAcceptedReservation").path("missing").asLong()).isZero();
        assertThat(invariants.path("ledgerDriftRedis").path("drift").asLong()).isZero();
        assertThat(invariants.path("ledgerDriftMysql").path("drift").asLong()).isZero();
        for (String chart : List.of(Charts.THROUGHPUT, Charts.LATENCY, Charts.RESERVATION_TO_ORDER)) {
            assertThat(run.resolve(chart)).isNotEmptyFile();
        }
        assertThat(run.resolve("report.md")).content().contains("all invariants hold");
        assertThat(seckill(3, "status")).contains("not running");
        assertThat(STATE.resolve("infra.properties")).as("the stack's addresses are removed with it").doesNotExist();
        // The bench's own stack starts from AOT caches; with none yet it was their training run (docs/dev-stack.md),
        // and every service wrote its cache as it stopped.
        List<String> cached;
        try (Stream<Path> files = Files.list(STATE.resolve("aot"))) {
            cached = files.filter(file -> file.getFileName().toString().endsWith(".aot"))
                    .filter(file -> file.toFile().length() > 0)
                    .map(file -> file.getFileName().toString().replaceFirst("-[0-9a-f]{8}\\.aot$", ""))
                    .toList();
        }
        assertThat(cached).containsExactlyInAnyOrder("user-service", "user-api", "seckill-api", "order-service",
                "order-compensation", "admin-back");
        assertThat(STATE.resolve("aot").resolve("modes.properties")).as("only a running stack has modes").doesNotExist();
        JsonNode aot = report.path("settings").path("aotCache");
        assertThat(aot.propertyNames()).containsExactlyInAnyOrderElementsOf(cached);
        aot.forEach(mode -> assertThat(mode.asString()).isIn("record", "use"));
    }

    @Test
    void badOptionsAreRefusedBeforeAnyStackStarts() throws Exception {
        String output = seckill(2, "bench", "--no-build", "--users", "lots");

        assertThat(output).contains("--users must be a whole number").doesNotContain("starting one");
    }

    private static String seckill(int expectedExit, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(HOME.resolve("seckill").toString()));
        command.addAll(List.of(args));
        Files.createDirectories(STATE);
        Path out = Files.createTempFile(STATE, "seckill-", ".out");
        ProcessBuilder builder = new ProcessBuilder(command).directory(HOME.toFile()).redirectErrorStream(true)
                .redirectOutput(out.toFile());
        builder.environment().put("SECKILL_STATE_DIR", STATE.toString());
        Process process = builder.start();
        if (!process.waitFor(8, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError("./seckill " + String.join(" ", args) + " did not finish in 8 minutes");
        }
        String output = Files.readString(out, StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as("exit of ./seckill %s; output:%n%s", String.join(" ", args), output)
                .isEqualTo(expectedExit);
        return output;
    }
}

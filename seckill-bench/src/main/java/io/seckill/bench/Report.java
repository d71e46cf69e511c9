package io.seckill.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.AbstractHistogram;

/**
 * report.json (the field names of issue #7, exactly) and report.md, from one ordered map so the two always agree.
 */
final class Report {

    private Report() {
    }

    static Map<String, Object> percentilesMs(AbstractHistogram micros, double... percentiles) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (double p : percentiles) {
            String name = p == 50 ? "p50" : p == 90 ? "p90" : p == 99 ? "p99" : p == 99.9 ? "p999" : "p" + p;
            out.put(name, micros.getTotalCount() == 0 ? null : round(micros.getValueAtPercentile(p) / 1000.0));
        }
        out.put("max", micros.getTotalCount() == 0 ? null : round(micros.getMaxValue() / 1000.0));
        return out;
    }

    static Map<String, Object> invariants(List<Invariants.Check> checks) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Invariants.Check check : checks) {
            Map<String, Object> entry = new LinkedHashMap<>(check.numbers());
            entry.put("ok", check.ok());
            out.put(check.name(), entry);
        }
        return out;
    }

    static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }

    static void write(Path dir, Map<String, Object> report, List<String> charts) {
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("report.json"), Http.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(report));
            Files.writeString(dir.resolve("report.md"), markdown(report, charts));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    static String markdown(Map<String, Object> r, List<String> charts) {
        StringBuilder md = new StringBuilder();
        md.append("# Seckill bench: ").append(r.get("scenario")).append(" — ")
                .append(Boolean.TRUE.equals(r.get("ok")) ? "all invariants hold" : "**INVARIANTS FAILED**").append("\n\n");
        md.append("Started ").append(r.get("startedAt")).append(". Machine: ").append(r.get("machine")).append("\n\n");
        md.append("Settings: ").append(r.get("settings")).append("\n\n");
        md.append("| figure | value |\n|---|---|\n");
        for (String key : List.of("attemptsPerSecond", "acceptedPerSecond", "ordersPerSecond")) {
            md.append("| ").append(key).append(" | ").append(r.get(key)).append(" |\n");
        }
        md.append("| latencyMs (from the intended send time) | ").append(r.get("latencyMs")).append(" |\n");
        md.append("| reservationToOrderMs | ").append(r.get("reservationToOrderMs")).append(" |\n");
        md.append("| order-service transactions (its Prometheus metrics) | ").append(r.get("orderService")).append(" |\n\n");
        md.append("## Phases\n\n| phase | calls | seconds | per second | outcomes |\n|---|---|---|---|---|\n");
        ((Map<String, Map<String, Object>>) r.get("phases")).forEach((name, phase) -> md.append("| ").append(name)
                .append(" | ").append(phase.get("sent")).append(" | ").append(phase.get("seconds")).append(" | ")
                .append(phase.get("perSecond")).append(" | ").append(phase.get("outcomes")).append(" |\n"));
        md.append("\n## Invariants (DESIGN.md §1, read from MySQL and Redis after the drain)\n\n| check | ok | numbers |\n|---|---|---|\n");
        ((Map<String, Map<String, Object>>) r.get("invariants")).forEach((name, check) -> {
            Map<String, Object> numbers = new LinkedHashMap<>(check);
            Object ok = numbers.remove("ok");
            md.append("| ").append(name).append(" | ").append(Boolean.TRUE.equals(ok) ? "yes" : "**NO**").append(" | ")
                    .append(numbers).append(" |\n");
        });
        md.append("\n## Charts\n\n");
        charts.forEach(c -> md.append("![").append(c).append("](").append(c).append(")\n\n"));
        md.append("Reservation→order latency is `orders.created_at` minus the reservation's time, which its id carries "
                + "(kernel `IdGenerator.timestampOf`, minted by seckill-api just before the reserve script): both are "
                + "server clocks of the same machine, and every order counts, not a sample.\n");
        return md.toString();
    }
}

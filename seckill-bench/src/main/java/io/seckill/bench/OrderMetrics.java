package io.seckill.bench;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * order-service's own view of the run, from its Prometheus endpoint (read before the attempts and after the drain):
 * transactions by outcome and their average latency ({@code order_transaction_latency_seconds} sum / count), the
 * figure to set beside the design's 2PC reference (35 ms average), and the Prepared→Committed percentiles of the
 * run from the buckets of {@code order_tx_prepared_to_committed_seconds} (the figure of the design's target,
 * p99 &lt; 50 ms). Best effort: absent metrics are reported absent.
 */
record OrderMetrics(Map<String, Double> values) {

    private static final String PREPARED_TO_COMMITTED = "order_tx_prepared_to_committed_seconds_bucket";
    private static final String BUCKET = "pc.le.";
    static final URI ORDER_SERVICE = URI.create("http://127.0.0.1:8200/actuator/prometheus");

    static OrderMetrics scrape(Http http) {
        return scrape(http, ORDER_SERVICE);
    }

    static OrderMetrics scrape(Http http, URI endpoint) {
        Map<String, Double> values = new TreeMap<>();
        try {
            Http.Answer answer = http.getText(endpoint);
            if (answer.status() != 200) {
                return new OrderMetrics(values);
            }
            for (String line : answer.body().split("\n")) {
                if (line.startsWith("#")) {
                    continue;
                }
                String key = key(line);
                if (key != null) {
                    double value = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                    values.merge(key, value, Double::sum);
                }
            }
        } catch (Exception e) {
            // metrics are a bonus of the report: a missing endpoint leaves them out
        }
        return new OrderMetrics(values);
    }

    /**
     * {@code tx.sum}/{@code tx.count} summed over states, {@code reservations.<outcome>}, {@code pc.le.<bound>} for
     * a Prepared→Committed bucket; null for other lines.
     */
    static String key(String line) {
        if (line.startsWith(PREPARED_TO_COMMITTED)) {
            int at = line.indexOf("le=\"");
            return at < 0 ? null : BUCKET + line.substring(at + 4, line.indexOf('"', at + 4));
        }
        if (line.startsWith("order_transaction_latency_seconds_sum")) {
            return "tx.sum";
        }
        if (line.startsWith("order_transaction_latency_seconds_count")) {
            return "tx.count";
        }
        if (line.startsWith("order_reservations_total")) {
            int at = line.indexOf("outcome=\"");
            return at < 0 ? null : "reservations." + line.substring(at + 9, line.indexOf('"', at + 9));
        }
        return null;
    }

    /** What happened between {@code before} and this scrape. */
    Map<String, Object> since(OrderMetrics before) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (values.isEmpty()) {
            out.put("available", false);
            return out;
        }
        double count = delta(before, "tx.count");
        out.put("transactions", (long) count);
        out.put("avgTransactionMs", count == 0 ? null : Report.round(delta(before, "tx.sum") * 1000 / count));
        Map<String, Long> reservations = new TreeMap<>();
        values.keySet().stream().filter(k -> k.startsWith("reservations."))
                .forEach(k -> reservations.put(k.substring(13), (long) delta(before, k)));
        out.put("reservationsByOutcome", reservations);
        out.put("preparedToCommittedMs", preparedToCommitted(before));
        return out;
    }

    /**
     * The run's Prepared→Committed transactions by bucket (cumulative counts, so a difference of two scrapes is the
     * run's histogram). A percentile is the upper bound of the first bucket holding it: "at most", within one
     * bucket's width (Micrometer's bounds grow by about a third), and exact at the 50 ms SLO bucket.
     */
    private Map<String, Object> preparedToCommitted(OrderMetrics before) {
        TreeMap<Double, Double> cumulative = new TreeMap<>();
        values.keySet().stream().filter(k -> k.startsWith(BUCKET)).forEach(k -> {
            String bound = k.substring(BUCKET.length());
            cumulative.put(bound.equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(bound), delta(before, k));
        });
        Map<String, Object> out = new LinkedHashMap<>();
        double count = cumulative.isEmpty() ? 0 : cumulative.lastEntry().getValue();
        out.put("count", (long) count);
        if (count == 0) {
            return out;
        }
        for (double q : new double[] {50, 99, 99.9}) {
            double bound = cumulative.entrySet().stream().filter(e -> e.getValue() >= count * q / 100).findFirst()
                    .orElseThrow().getKey();
            out.put("p" + (q == Math.rint(q) ? Long.toString((long) q) : Double.toString(q)) + "AtMost",
                    Double.isInfinite(bound) ? "+Inf" : Report.round(bound * 1000));
        }
        Double within = cumulative.get(0.05);
        if (within != null) {
            out.put("within50msPercent", Report.round(within * 100 / count));
        }
        return out;
    }

    private double delta(OrderMetrics before, String key) {
        return values.getOrDefault(key, 0.0) - before.values().getOrDefault(key, 0.0);
    }
}

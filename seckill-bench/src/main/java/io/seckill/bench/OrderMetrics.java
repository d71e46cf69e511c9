package io.seckill.bench;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * order-service's own view of the run, from its Prometheus endpoint (read before the attempts and after the drain):
 * transactions by outcome and their average latency ({@code order_transaction_latency_seconds} sum / count), the
 * figure to set beside the design's 2PC reference (35 ms average). Best effort: absent metrics are reported absent.
 */
record OrderMetrics(Map<String, Double> values) {

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

    /** {@code tx.sum}/{@code tx.count} summed over states, {@code reservations.<outcome>}; null for other lines. */
    static String key(String line) {
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
        return out;
    }

    private double delta(OrderMetrics before, String key) {
        return values.getOrDefault(key, 0.0) - before.values().getOrDefault(key, 0.0);
    }
}

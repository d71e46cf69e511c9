package io.seckill.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OrderMetricsTest {

    @Test
    void theRunsTransactionsAreTheDifferenceBetweenTwoScrapesSummedOverStates() {
        OrderMetrics before = new OrderMetrics(Map.of("tx.count", 10.0, "tx.sum", 0.5, "reservations.ordered", 10.0));
        OrderMetrics after = new OrderMetrics(Map.of("tx.count", 110.0, "tx.sum", 4.5, "reservations.ordered", 108.0,
                "reservations.rolled_back", 2.0));

        Map<String, Object> run = after.since(before);

        assertThat(run).containsEntry("transactions", 100L).containsEntry("avgTransactionMs", 40.0);
        assertThat(run.get("reservationsByOutcome")).isEqualTo(Map.of("ordered", 98L, "rolled_back", 2L));
    }

    @Test
    void prometheusLinesAreKeyedByMetricAndOutcome() {
        assertThat(OrderMetrics.key("order_transaction_latency_seconds_sum{application=\"order-service\",state=\"committed\"} 1.5"))
                .isEqualTo("tx.sum");
        assertThat(OrderMetrics.key("order_transaction_latency_seconds_count{state=\"rolled_back\"} 3")).isEqualTo("tx.count");
        assertThat(OrderMetrics.key("order_reservations_total{application=\"order-service\",outcome=\"ordered\"} 7.0"))
                .isEqualTo("reservations.ordered");
        assertThat(OrderMetrics.key("jvm_threads_live_threads 40")).isNull();
    }

    @Test
    void theEndpointIsReadAsPlainTextAsActuatorServesIt() throws Exception {
        // Like Spring's actuator: 406 to a JSON-only Accept header, the text exposition format otherwise.
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/actuator/prometheus", exchange -> {
            String accept = String.valueOf(exchange.getRequestHeaders().getFirst("Accept"));
            byte[] body = ("# HELP x\norder_transaction_latency_seconds_count{state=\"committed\"} 4\n"
                    + "order_transaction_latency_seconds_sum{state=\"committed\"} 0.1\n").getBytes();
            exchange.sendResponseHeaders(accept.contains("text/plain") ? 200 : 406, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        try (Http http = new Http()) {
            URI endpoint = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/actuator/prometheus");

            Map<String, Object> run = OrderMetrics.scrape(http, endpoint).since(new OrderMetrics(Map.of()));

            assertThat(run).containsEntry("transactions", 4L).containsEntry("avgTransactionMs", 25.0);
        } finally {
            server.stop(0);
        }
    }

    @Test
    void preparedToCommittedPercentilesAreTheBucketBoundsOfTheRunsOwnHistogram() {
        // Two scrapes of a cumulative histogram: 100 transactions before the run, 1,000 in it.
        String bucket = "order_tx_prepared_to_committed_seconds_bucket{application=\"order-service\",le=\"%s\"} %d";
        Map<String, Double> before = new java.util.HashMap<>();
        Map<String, Double> after = new java.util.HashMap<>();
        String[] bounds = {"0.01", "0.05", "0.067108864", "0.5", "+Inf"};
        long[] countsBefore = {100, 100, 100, 100, 100};
        long[] countsAfter = {600, 1_080, 1_095, 1_100, 1_100};
        for (int i = 0; i < bounds.length; i++) {
            before.put(OrderMetrics.key(bucket.formatted(bounds[i], countsBefore[i])), (double) countsBefore[i]);
            after.put(OrderMetrics.key(bucket.formatted(bounds[i], countsAfter[i])), (double) countsAfter[i]);
        }
        after.put("tx.count", 1.0);

        Map<String, Object> run = new OrderMetrics(after).since(new OrderMetrics(before));

        assertThat(run.get("preparedToCommittedMs")).isEqualTo(Map.of("count", 1_000L, "p50AtMost", 10.0,
                "p99AtMost", 67.11, "p99.9AtMost", 500.0, "within50msPercent", 98.0));
    }

    @Test
    void aRunWithoutPreparedToCommittedTransactionsSaysSo() {
        Map<String, Object> run = new OrderMetrics(Map.of("tx.count", 1.0)).since(new OrderMetrics(Map.of()));

        assertThat(run.get("preparedToCommittedMs")).isEqualTo(Map.of("count", 0L));
    }

    @Test
    void anUnreachableOrderServiceIsReportedAbsent() {
        assertThat(new OrderMetrics(Map.of()).since(new OrderMetrics(Map.of()))).containsEntry("available", false);
    }
}

package io.seckill.bench;

import static org.assertj.core.api.Assertions.assertThat;

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
    void anUnreachableOrderServiceIsReportedAbsent() {
        assertThat(new OrderMetrics(Map.of()).since(new OrderMetrics(Map.of()))).containsEntry("available", false);
    }
}

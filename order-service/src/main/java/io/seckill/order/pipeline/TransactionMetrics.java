package io.seckill.order.pipeline;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.seckill.tx.TxCheckpoints;
import io.seckill.tx.TxLog;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The transaction metrics of DESIGN.md §11 (issue point 7): {@code order_tx_outcome_total{outcome}},
 * {@code order_tx_success_ratio} (committed / finished since start; Prometheus can also derive it from the
 * counter), the Prepared→Committed latency histogram {@code order_tx_prepared_to_committed_seconds}, the hanging
 * count {@code order_tx_hanging} (past their deadline, not final) and {@code order_orders{status}}. Consumer lag
 * is Spring Kafka's consumer metrics ({@code kafka_consumer_fetch_manager_records_lag_max}).
 */
@Component
class TransactionMetrics {

    private static final List<String> STATUSES = List.of("PREPARED", "AWAITING_PAYMENT", "PAID", "CANCELLED");
    private static final Duration ORDER_COUNT_TTL = Duration.ofSeconds(5);

    private final Map<String, Long> prepared = new ConcurrentHashMap<>();
    private final Counter committed;
    private final Counter rolledBack;
    private final Timer preparedToCommitted;
    private final JdbcClient jdbc;
    private final Clock clock;
    private volatile Map<String, Long> orderCounts = Map.of();
    private volatile long orderCountsAt;

    TransactionMetrics(MeterRegistry meters, TxLog txLog, JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
        committed = meters.counter("order.tx.outcome", "outcome", "committed");
        rolledBack = meters.counter("order.tx.outcome", "outcome", "rolled_back");
        preparedToCommitted = Timer.builder("order.tx.prepared.to.committed")
                .description("from PREPARED logged to COMMITTED logged, in this instance")
                .publishPercentileHistogram()
                .serviceLevelObjectives(Duration.ofMillis(50), Duration.ofMillis(500))
                .register(meters);
        Gauge.builder("order.tx.success.ratio", this, TransactionMetrics::successRatio).register(meters);
        Gauge.builder("order.tx.hanging", txLog, log -> {
            try {
                return log.pastDeadline(clock.instant(), 100_000).size();
            } catch (RuntimeException redisDown) {
                return Double.NaN;
            }
        }).description("transactions past their deadline and not final").register(meters);
        for (String status : STATUSES) {
            Gauge.builder("order.orders", this, metrics -> metrics.orderCount(status)).tag("status", status).register(meters);
        }
    }

    void reached(String txId, TxCheckpoints.Point point) {
        switch (point) {
            case PREPARED -> {
                if (prepared.size() > 100_000) {
                    prepared.clear(); // crashed-after-prepare leftovers must not grow without bound
                }
                prepared.put(txId, System.nanoTime());
            }
            case COMMITTED -> {
                committed.increment();
                Long since = prepared.remove(txId);
                if (since != null) {
                    preparedToCommitted.record(Duration.ofNanos(System.nanoTime() - since));
                }
            }
            case ROLLED_BACK -> {
                rolledBack.increment();
                prepared.remove(txId);
            }
            default -> {
            }
        }
    }

    private double successRatio() {
        double done = committed.count() + rolledBack.count();
        return done == 0 ? 1.0 : committed.count() / done;
    }

    private double orderCount(String status) {
        long now = clock.millis();
        if (now - orderCountsAt > ORDER_COUNT_TTL.toMillis()) {
            try {
                Map<String, Long> counts = new HashMap<>();
                jdbc.sql("SELECT status, COUNT(*) FROM orders GROUP BY status")
                        .query((r, n) -> Map.entry(r.getString(1), r.getLong(2))).list()
                        .forEach(e -> counts.put(e.getKey(), e.getValue()));
                orderCounts = counts;
                orderCountsAt = now;
            } catch (RuntimeException databaseDown) {
                return Double.NaN;
            }
        }
        return orderCounts.getOrDefault(status, 0L);
    }
}

package io.seckill.seckillapi.attempt;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.EnumMap;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * {@code seckill_attempts_total{outcome}}, the attempt latency histogram, local sold-out hits and Kafka send
 * failures (DESIGN.md §11). Counters are created once, so the hot path only increments.
 */
@Component
class AttemptMetrics {

    enum Outcome { ACCEPTED, SOLD_OUT, SOLD_OUT_LOCAL, DUPLICATE, NOT_STARTED, ENDED, BAD_PATH, OVER_LIMIT, RATE_LIMITED, INVALID, QUEUE_UNAVAILABLE, STOCK_UNAVAILABLE }

    private final Map<Outcome, Counter> attempts = new EnumMap<>(Outcome.class);
    private final Timer latency;
    private final Counter localSoldOutHits;
    private final Counter kafkaSendFailures;

    AttemptMetrics(MeterRegistry registry) {
        for (Outcome outcome : Outcome.values()) {
            attempts.put(outcome, Counter.builder("seckill.attempts").tag("outcome", outcome.name().toLowerCase())
                    .description("seckill attempts by outcome").register(registry));
        }
        latency = Timer.builder("seckill.attempt.latency").publishPercentileHistogram()
                .description("time to answer an attempt").register(registry);
        localSoldOutHits = Counter.builder("seckill.soldout.local.hits")
                .description("attempts refused by the local sold-out flag, without Redis").register(registry);
        kafkaSendFailures = Counter.builder("seckill.kafka.send.failures")
                .description("reservations undone because Kafka did not acknowledge").register(registry);
    }

    void count(Outcome outcome) {
        attempts.get(outcome).increment();
        if (outcome == Outcome.SOLD_OUT_LOCAL) {
            localSoldOutHits.increment();
        } else if (outcome == Outcome.QUEUE_UNAVAILABLE) {
            kafkaSendFailures.increment();
        }
    }

    Timer latency() {
        return latency;
    }
}

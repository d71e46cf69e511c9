package io.seckill.compensation.attempt;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.seckill.compensation.retry.CompensationMessage;
import org.springframework.stereotype.Component;

/**
 * One compensation attempt: order-service finishes or rolls back the reservation, and the attempt is logged
 * twice and counted ({@code compensation_attempt_total}, {@code compensation_success_total}, and
 * {@code compensation_retry}: the attempt number, as a histogram).
 */
@Component
public class Compensator {

    private final OrderServiceClient orderService;
    private final AttemptLog attempts;
    private final Counter attempted;
    private final Counter succeeded;
    private final DistributionSummary retry;

    Compensator(OrderServiceClient orderService, AttemptLog attempts, MeterRegistry meters) {
        this.orderService = orderService;
        this.attempts = attempts;
        this.attempted = Counter.builder("compensation.attempt").description("compensation attempts").register(meters);
        this.succeeded = Counter.builder("compensation.success").description("compensations that completed").register(meters);
        this.retry = DistributionSummary.builder("compensation.retry").description("attempt number of each compensation attempt")
                .serviceLevelObjectives(1, 2, 3, 4, 5, 6, 8, 10).register(meters);
    }

    /** The attempt's result: {@code outcome} is COMMITTED or ROLLED_BACK on success, {@code error} otherwise. */
    public record Result(boolean ok, String outcome, String error) {
    }

    public Result attempt(CompensationMessage message, int attempt, String stage) {
        attempted.increment();
        retry.record(attempt);
        try {
            OrderServiceClient.Outcome outcome = orderService.compensate(message.key(), message.payload());
            succeeded.increment();
            attempts.record(message, attempt, stage, "SUCCEEDED", outcome.state() + (outcome.reason() == null ? "" : " " + outcome.reason()));
            return new Result(true, outcome.state(), null);
        } catch (OrderServiceClient.Failed | RuntimeException e) {
            String error = e instanceof OrderServiceClient.Failed ? e.getMessage() : e.toString();
            attempts.record(message, attempt, stage, "FAILED", error);
            return new Result(false, null, error);
        }
    }
}

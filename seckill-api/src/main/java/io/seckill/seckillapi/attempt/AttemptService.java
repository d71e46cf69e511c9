package io.seckill.seckillapi.attempt;

import io.seckill.kernel.error.ApiException;
import io.seckill.kernel.error.ErrorCode;
import io.seckill.kernel.event.EventEnvelope;
import io.seckill.kernel.id.IdGenerator;
import io.seckill.seckillapi.SeckillProblem;
import io.seckill.seckillapi.activity.application.ActivityRules;
import io.seckill.seckillapi.activity.domain.Activity;
import io.seckill.seckillapi.attempt.AttemptMetrics.Outcome;
import io.seckill.seckillapi.ratelimit.RateLimiter;
import io.seckill.seckillapi.result.ReservationIndex;
import io.seckill.stock.ReserveOutcome;
import io.seckill.stock.StockLedger;
import java.time.Clock;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Service;

/**
 * The seckill attempt (DESIGN.md §3): local checks first (sold-out flag, window: no Redis), the rate limits (one
 * script on the cache Redis), then one Lua call on the stock Redis, then the hand-off to Kafka. Anything that fails after the Lua call takes the reservation back,
 * so "503, nothing kept" is literally true; a crash between the two is repaired by the reservation sweeper.
 */
@Service
public class AttemptService {

    private static final Logger log = LoggerFactory.getLogger(AttemptService.class);

    private final ActivityRules rules;
    private final StockLedger ledger;
    private final ReservationPublisher publisher;
    private final ReservationIndex index;
    private final SoldOutBoard soldOut;
    private final IdGenerator ids;
    private final Clock clock;
    private final AttemptMetrics metrics;
    private final RateLimiter rateLimiter;

    AttemptService(ActivityRules rules, StockLedger ledger, ReservationPublisher publisher, ReservationIndex index,
                   SoldOutBoard soldOut, IdGenerator ids, Clock clock, AttemptMetrics metrics, RateLimiter rateLimiter) {
        this.rateLimiter = rateLimiter;
        this.rules = rules;
        this.ledger = ledger;
        this.publisher = publisher;
        this.index = index;
        this.soldOut = soldOut;
        this.ids = ids;
        this.clock = clock;
        this.metrics = metrics;
    }

    /** @return the reservation id of an accepted attempt; every refusal is an {@link ApiException} */
    public long attempt(long activityId, long userId, String clientIp, String path, int quantity) {
        long started = System.nanoTime();
        try {
            return decide(activityId, userId, clientIp, path, quantity);
        } finally {
            metrics.latency().record(System.nanoTime() - started, java.util.concurrent.TimeUnit.NANOSECONDS);
        }
    }

    private long decide(long activityId, long userId, String clientIp, String path, int quantity) {
        if (quantity < 1) {
            metrics.count(Outcome.INVALID);
            throw new ApiException(ErrorCode.VALIDATION_FAILED, "quantity must be at least 1");
        }
        if (soldOut.isSoldOut(activityId)) {
            metrics.count(Outcome.SOLD_OUT_LOCAL);
            throw refusal(SeckillProblem.SOLD_OUT, "activity " + activityId + " is sold out");
        }
        Activity activity = rules.find(activityId).orElseThrow(() -> {
            metrics.count(Outcome.INVALID);
            return ApiException.notFound("activity " + activityId);
        });
        Instant now = clock.instant();
        checkWindowLocally(activity, now);
        if (soldOut.learn(activityId)) {
            metrics.count(Outcome.SOLD_OUT_LOCAL);
            throw refusal(SeckillProblem.SOLD_OUT, "activity " + activityId + " is sold out");
        }
        if (quantity > activity.perUserLimit()) {
            metrics.count(Outcome.OVER_LIMIT);
            throw new ApiException(SeckillProblem.OVER_PER_USER_LIMIT,
                    "at most " + activity.perUserLimit() + " per buyer").with("perUserLimit", activity.perUserLimit());
        }

        try {
            rateLimiter.checkAttempt(activityId, userId, clientIp);
        } catch (ApiException limited) {
            metrics.count(Outcome.RATE_LIMITED);
            throw limited;
        }

        long reservationId = ids.nextId();
        StockLedger.Reserved reserved;
        try {
            reserved = ledger.reserve(activityId, userId, quantity, now.toEpochMilli(), reservationId, path);
        } catch (DataAccessException e) {
            metrics.count(Outcome.STOCK_UNAVAILABLE);
            log.warn("stock Redis unavailable for activity {}: {}", activityId, e.toString());
            throw new ApiException(SeckillProblem.STOCK_UNAVAILABLE, "Please try again in a moment");
        }
        if (reserved.outcome() != ReserveOutcome.OK) {
            throw refuse(activity, reserved);
        }
        handOff(activity, userId, quantity, now, reservationId);
        metrics.count(Outcome.ACCEPTED);
        if (reserved.available() == 0) {
            soldOut.markSoldOut(activityId);
        }
        return reservationId;
    }

    private void handOff(Activity activity, long userId, int quantity, Instant now, long reservationId) {
        ReservationCreated created = new ReservationCreated(Long.toString(reservationId), Long.toString(activity.id()),
                Long.toString(userId), quantity, activity.seckillPrice(), now);
        try {
            publisher.publish(EventEnvelope.of(ids.nextId(), ReservationCreated.TYPE, ReservationCreated.VERSION, now,
                    null, created));
        } catch (ReservationPublisher.QueueUnavailable e) {
            metrics.count(Outcome.QUEUE_UNAVAILABLE);
            undo(activity.id(), reservationId, e);
            throw new ApiException(SeckillProblem.QUEUE_UNAVAILABLE, "Please try again in a moment");
        }
        try {
            index.remember(reservationId, activity.id(), userId);
        } catch (DataAccessException e) {
            // The reservation is safe in Kafka; only the result lookup is missing until the order exists.
            log.warn("reservation {} accepted but not indexed for result lookups: {}", reservationId, e.toString());
        }
    }

    private void undo(long activityId, long reservationId, Exception cause) {
        try {
            ledger.undo(activityId, reservationId);
            soldOut.clear(activityId);
            log.warn("reservation {} of activity {} undone: Kafka did not acknowledge ({})", reservationId, activityId,
                    cause.getCause() == null ? cause.toString() : cause.getCause().toString());
        } catch (DataAccessException e) {
            // Redis went away too: the reservation stays PENDING in the ledger and the sweeper returns it.
            log.error("reservation {} of activity {} could not be undone; left to the sweeper", reservationId, activityId, e);
        }
    }

    private void checkWindowLocally(Activity activity, Instant now) {
        String status = activity.statusAt(now);
        switch (status) {
            case "LIVE" -> {
            }
            case "SCHEDULED" -> {
                metrics.count(Outcome.NOT_STARTED);
                throw refusal(SeckillProblem.NOT_STARTED, "the activity starts at " + activity.startTime())
                        .with("startTime", activity.startTime()).with("serverTime", now);
            }
            case "ENDED", "CANCELLED" -> {
                metrics.count(Outcome.ENDED);
                throw refusal(SeckillProblem.ENDED, "the activity is over");
            }
            default -> {
                metrics.count(Outcome.INVALID);
                throw ApiException.notFound("activity " + activity.id());
            }
        }
    }

    private ApiException refuse(Activity activity, StockLedger.Reserved reserved) {
        return switch (reserved.outcome()) {
            case BAD_PATH -> {
                metrics.count(Outcome.BAD_PATH);
                yield refusal(SeckillProblem.BAD_PATH, "get a new path through the captcha");
            }
            case DUPLICATE -> {
                metrics.count(Outcome.DUPLICATE);
                yield refusal(SeckillProblem.DUPLICATE, "one reservation per buyer and activity");
            }
            case SOLD_OUT -> {
                metrics.count(Outcome.SOLD_OUT);
                if (reserved.available() <= 0) {
                    soldOut.markSoldOut(activity.id());
                }
                yield refusal(SeckillProblem.SOLD_OUT, "activity " + activity.id() + " is sold out");
            }
            case NOT_STARTED, NOT_PRELOADED -> {
                metrics.count(Outcome.NOT_STARTED);
                yield refusal(SeckillProblem.NOT_STARTED, "the activity is not open yet");
            }
            case ENDED -> {
                metrics.count(Outcome.ENDED);
                yield refusal(SeckillProblem.ENDED, "the activity is over");
            }
            case LIMIT -> {
                metrics.count(Outcome.OVER_LIMIT);
                yield new ApiException(SeckillProblem.OVER_PER_USER_LIMIT, "more than the per-user limit");
            }
            case OK -> throw new IllegalStateException("not a refusal");
        };
    }

    private static ApiException refusal(io.seckill.kernel.error.ProblemCode problem, String detail) {
        return new ApiException(problem, detail);
    }
}

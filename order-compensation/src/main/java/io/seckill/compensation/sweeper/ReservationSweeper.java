package io.seckill.compensation.sweeper;

import io.seckill.kernel.event.EventEnvelope;
import io.seckill.kernel.id.IdGenerator;
import io.seckill.stock.StockKeys;
import io.seckill.stock.StockLedger;
import io.seckill.stock.StockRedis;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import io.micrometer.core.instrument.MeterRegistry;
import io.seckill.compensation.attempt.OrderServiceClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * The reservation sweeper (DESIGN.md §6): a reservation still PENDING after {@code seckill.sweeper.pending-after}
 * (60 s) never reached an order — seckill-api died between the Lua script and Kafka, or the message was lost.
 * While the activity runs it is re-published (order-service resumes by reservation id, so a duplicate is
 * harmless); once the activity is over it is handed to order-service's compensation, which rolls it back (its
 * units return) and tells the buyer. PREPARED ones belong to a
 * transaction and are left to order-service's hanging-transaction scanner.
 */
@Component
public class ReservationSweeper {

    private static final Logger log = LoggerFactory.getLogger(ReservationSweeper.class);

    private final WatchedActivities activities;
    private final StockRedis stock;
    private final StockLedger ledger;
    private final KafkaTemplate<String, String> kafka;
    private final IdGenerator ids;
    private final JsonMapper json;
    private final Clock clock;
    private final Duration pendingAfter;
    private final MeterRegistry meters;
    private final OrderServiceClient orderService;

    ReservationSweeper(WatchedActivities activities, StockRedis stock, StockLedger ledger, KafkaTemplate<String, String> kafka,
                       IdGenerator ids, JsonMapper json, Clock clock, MeterRegistry meters, OrderServiceClient orderService,
                       @Value("${seckill.sweeper.pending-after:60s}") Duration pendingAfter) {
        this.activities = activities;
        this.stock = stock;
        this.ledger = ledger;
        this.kafka = kafka;
        this.ids = ids;
        this.json = json;
        this.clock = clock;
        this.meters = meters;
        this.orderService = orderService;
        this.pendingAfter = pendingAfter;
    }

    @Scheduled(fixedDelayString = "${seckill.sweeper.interval:10s}")
    public void sweep() {
        Instant now = clock.instant();
        List<WatchedActivities.Watched> watched;
        try {
            watched = activities.all();
        } catch (RuntimeException e) {
            log.warn("sweeper paused, activities unreadable: {}", e.toString());
            return;
        }
        for (WatchedActivities.Watched activity : watched) {
            try {
                sweep(activity, now);
            } catch (Exception e) {
                log.warn("sweeping activity {} failed, next round retries: {}", activity.id(), e.toString());
            }
        }
    }

    private void sweep(WatchedActivities.Watched activity, Instant now) throws Exception {
        Set<String> stale = stock.template().opsForZSet().rangeByScore(StockKeys.pending(activity.id()), 0,
                now.minus(pendingAfter).toEpochMilli(), 0, 500);
        if (stale == null) {
            return;
        }
        for (String member : stale) {
            long reservationId = Long.parseLong(member);
            Map<Object, Object> reservation = ledger.reservation(activity.id(), reservationId);
            if (!"PENDING".equals(reservation.get("state"))) {
                continue;
            }
            if (activity.isOver(now)) {
                if (!handOver(activity, reservationId, reservation)) {
                    return; // order-service is away or failing: the rest of this activity waits for the next round
                }
            } else {
                republish(activity, reservationId, reservation);
                meters.counter("sweeper.reservations", "action", "republished").increment();
            }
        }
    }

    /**
     * A reservation of an ended sale that never became an order goes to order-service's compensation, which rolls
     * its transaction back (the units return, exactly once) and tells the buyer why ({@code ReservationFailed}
     * ACTIVITY_ENDED, through its outbox). Rolling it back here, on Redis alone, returned the units but left the
     * buyer's result QUEUED until it expired (DESIGN.md §1.3: compensated "with the user told why"). If
     * order-service cannot be reached, the reservation stays PENDING and the next round tries again.
     *
     * @return false when the compensation did not happen
     */
    private boolean handOver(WatchedActivities.Watched activity, long reservationId, Map<Object, Object> reservation) {
        try {
            OrderServiceClient.Outcome outcome = orderService.compensate(Long.toString(reservationId),
                    reservationCreated(activity, reservationId, reservation));
            meters.counter("sweeper.reservations", "action", "ROLLED_BACK".equals(outcome.state()) ? "rolled_back" : "ordered")
                    .increment();
            log.warn("reservation {} of ended activity {} was still pending: compensation ended it {} ({})",
                    reservationId, activity.id(), outcome.state(), outcome.reason());
            return true;
        } catch (OrderServiceClient.Failed e) {
            log.warn("reservation {} of ended activity {} still pending, compensation failed, next round retries: {}",
                    reservationId, activity.id(), e.getMessage());
            return false;
        }
    }

    private void republish(WatchedActivities.Watched activity, long reservationId, Map<Object, Object> reservation)
            throws Exception {
        kafka.send("seckill.order.create", Long.toString(activity.id()), reservationCreated(activity, reservationId, reservation))
                .get(5, TimeUnit.SECONDS);
        log.warn("reservation {} of activity {} was still pending: re-published", reservationId, activity.id());
    }

    /** The {@code ReservationCreated} seckill-api sent (or should have), rebuilt from the reservation record. */
    private String reservationCreated(WatchedActivities.Watched activity, long reservationId, Map<Object, Object> reservation) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("reservationId", Long.toString(reservationId));
        payload.put("activityId", Long.toString(activity.id()));
        payload.put("userId", reservation.get("user"));
        payload.put("quantity", Integer.parseInt((String) reservation.get("qty")));
        payload.put("unitPrice", activity.price().toPlainString());
        payload.put("reservedAt", Instant.ofEpochMilli(Long.parseLong((String) reservation.get("ts"))).toString());
        EventEnvelope<Object> event = EventEnvelope.of(ids.nextId(), "ReservationCreated", 1, clock.instant(), null, payload);
        return json.writeValueAsString(event);
    }
}

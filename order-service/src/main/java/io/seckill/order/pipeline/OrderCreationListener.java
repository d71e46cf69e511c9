package io.seckill.order.pipeline;

import io.micrometer.core.instrument.MeterRegistry;
import io.seckill.order.outbox.Outbox;
import io.seckill.tx.TransactionCoordinator;
import io.seckill.tx.TxContext;
import io.seckill.tx.TxState;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns {@code ReservationCreated} into an order through the coordinator (DESIGN.md §4). The offset is committed
 * only after the listener returns, i.e. after the outcome is durable: an order, a rollback with its
 * {@code ReservationFailed} event in the outbox, or the message handed to {@code seckill.order.compensation}
 * (transient failure, reservation kept). A redelivery resumes the same transaction.
 */
@Component
class OrderCreationListener {

    static final String TOPIC = "seckill.order.create";
    static final String COMPENSATION = "seckill.order.compensation";
    private static final Logger log = LoggerFactory.getLogger(OrderCreationListener.class);
    private static final Duration LOCK_WAIT = Duration.ofSeconds(30);

    private final TransactionCoordinator coordinator;
    private final Outbox outbox;
    private final TransactionTemplate local;
    private final KafkaTemplate<String, String> kafka;
    private final JsonMapper json;
    private final MeterRegistry meters;
    private final FencedTransactions locks;
    private final BatchPipeline batch;
    private final int concurrency;
    private volatile boolean batchTransactions;

    OrderCreationListener(TransactionCoordinator coordinator, Outbox outbox, TransactionTemplate local,
                          KafkaTemplate<String, String> kafka, JsonMapper json, MeterRegistry meters,
                          FencedTransactions locks, BatchPipeline batch,
                          @Value("${seckill.order.consumer-concurrency:4}") int concurrency,
                          @Value("${seckill.order.batch-transactions:true}") boolean batchTransactions) {
        this.locks = locks;
        this.batch = batch;
        this.batchTransactions = batchTransactions;
        this.concurrency = Math.max(1, concurrency);
        this.coordinator = coordinator;
        this.outbox = outbox;
        this.local = local;
        this.kafka = kafka;
        this.json = json;
        this.meters = meters;
    }

    /**
     * A batch per poll; each reservation is its own transaction (one buyer's failure never rolls back another's).
     * With {@code seckill.order.batch-transactions} (default on) the batch first takes the batch path
     * ({@link BatchPipeline}): the transactions go through the coordinator's steps together, each step one or a
     * few round trips for all of them. What that path leaves — a later duplicate, a redelivery, a row another
     * driver wrote, anything to refuse, or the whole batch after a transient failure — then takes the per-order
     * path below, which resumes each transaction where it stands.
     *
     * <p>The per-order path (all of the batch when the setting is off): the reservations run side by side on
     * virtual threads, at most {@code seckill.order.consumer-concurrency} at a time: an activity's reservations
     * share one partition (key = activity id), so one at a time would cap the pipeline at 1 / transaction latency
     * (≈ 60 orders/s measured by the bench); in parallel the waits on MySQL commits and Redis overlap, and the only
     * serialisation left is the activity's stock row lock. The default (4) is what the bench found best on a
     * shared 2-core machine for that path. Two deliveries of the same reservation are serialised by the
     * transaction's fenced lock.
     *
     * <p>The batch's offsets are committed after the method returns, i.e. after every outcome in it is durable; a
     * failure (compensation topic unreachable) re-delivers the batch once every reservation of it has finished,
     * and the done ones resume as no-ops. An Error (a crash-point test, an OOM) propagates as it is.
     */
    @KafkaListener(topics = TOPIC, groupId = "order-service", batch = "true")
    void onReservations(List<ConsumerRecord<String, String>> records) throws Exception {
        Map<Reservation, String> deliveries = new IdentityHashMap<>();
        List<Reservation> reservations = new ArrayList<>(records.size());
        for (ConsumerRecord<String, String> record : records) {
            Reservation reservation = parse(record.value());
            if (reservation == null) {
                meters.counter("order.reservations", "outcome", "malformed").increment();
            } else {
                deliveries.put(reservation, record.value());
                reservations.add(reservation);
            }
        }
        List<Reservation> perOrder = reservations;
        if (batchTransactions && !reservations.isEmpty()) {
            try {
                perOrder = batch.run(reservations).perOrder();
            } catch (RuntimeException transientFailure) {
                log.warn("batch of {} reservations: {}; each resumes on its own", reservations.size(), transientFailure.toString());
                meters.counter("order.batch.handed.over", "step", "failure").increment(reservations.size());
            }
        }
        perOrder(perOrder, deliveries);
    }

    private void perOrder(List<Reservation> reservations, Map<Reservation, String> deliveries) throws Exception {
        if (concurrency == 1 || reservations.size() <= 1) {
            for (Reservation reservation : reservations) {
                onReservation(reservation, deliveries.get(reservation));
            }
            return;
        }
        Semaphore slots = new Semaphore(concurrency);
        List<Future<?>> running = new ArrayList<>(reservations.size());
        try (ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor()) {
            for (Reservation reservation : reservations) {
                slots.acquire();
                running.add(workers.submit(() -> {
                    try {
                        onReservation(reservation, deliveries.get(reservation));
                        return null;
                    } finally {
                        slots.release();
                    }
                }));
            }
        }
        for (Future<?> done : running) {
            try {
                done.get();
            } catch (ExecutionException failed) {
                // An Error (a crash-point test, an OOM) stays an Error so the container stops as it would in line.
                if (failed.getCause() instanceof Error error) {
                    throw error;
                }
                throw failed.getCause() instanceof Exception cause ? cause : failed;
            }
        }
    }

    /** Switches the batch path on or off at runtime (the setting's value at start; tests compare both paths). */
    void batchTransactions(boolean on) {
        batchTransactions = on;
    }

    private void onReservation(Reservation reservation, String message) throws Exception {
        long started = System.nanoTime();
        TransactionCoordinator.Result result;
        try {
            // Under the transaction's fenced lock: a scanner or a stale consumer drives it only once this run ends.
            TxContext tx = reservation.transaction();
            result = locks.call(tx.txId(), LOCK_WAIT, () -> coordinator.execute(tx, BatchPipeline.BRANCHES));
        } catch (RuntimeException transientFailure) {
            log.warn("reservation {}: transient failure, handed to compensation: {}", reservation.reservationId(),
                    transientFailure.toString());
            kafka.send(COMPENSATION, Long.toString(reservation.reservationId()), message).get(10, TimeUnit.SECONDS);
            meters.counter("order.reservations", "outcome", "transient").increment();
            return;
        }
        meters.timer("order.transaction.latency", "state", result.state().name().toLowerCase())
                .record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
        if (result.state() == TxState.ROLLED_BACK && result.reason() != null) {
            Map<String, Object> failed = new LinkedHashMap<>();
            failed.put("reservationId", Long.toString(reservation.reservationId()));
            failed.put("activityId", Long.toString(reservation.activityId()));
            failed.put("userId", Long.toString(reservation.userId()));
            failed.put("reason", result.reason());
            local.executeWithoutResult(status -> outbox.addOnce("reservation", Long.toString(reservation.reservationId()),
                    "ReservationFailed", Long.toString(reservation.reservationId()), failed));
        }
        meters.counter("order.reservations", "outcome", result.state() == TxState.COMMITTED ? "ordered" : "rolled_back").increment();
    }

    private Reservation parse(String value) {
        try {
            JsonNode event = json.readTree(value);
            if (!"ReservationCreated".equals(event.path("type").asString()) || event.path("version").asInt() != 1) {
                log.warn("skipping {} version {} on {}", event.path("type").asString(), event.path("version").asInt(), TOPIC);
                return null;
            }
            JsonNode p = event.path("payload");
            return new Reservation(Long.parseLong(p.path("reservationId").asString()), Long.parseLong(p.path("activityId").asString()),
                    Long.parseLong(p.path("userId").asString()), p.path("quantity").asInt(),
                    new BigDecimal(p.path("unitPrice").asString()));
        } catch (RuntimeException e) {
            log.warn("skipping a malformed message on {}: {}", TOPIC, e.toString());
            return null;
        }
    }
}

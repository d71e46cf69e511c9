package io.seckill.seckillapi.result;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.springframework.data.redis.core.RedisOperations;
import org.springframework.data.redis.core.SessionCallback;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;

/**
 * The final fate of a reservation as the order pipeline reported it ({@code seckill:result:<id>} on the cache
 * Redis, one day), and the broadcast that wakes the SSE streams of every instance ({@code seckill:results}).
 */
@Component
public class ReservationResults {

    public static final String CHANNEL = "seckill:results";
    private static final Duration TTL = Duration.ofDays(1);

    private final StringRedisTemplate redis;

    ReservationResults(StringRedisTemplate redis) {
        this.redis = redis;
    }

    /** CREATED with an order id, or FAILED with the reason the buyer sees. */
    public record Outcome(String status, String orderId, String reason) {
    }

    /** Each result's hash, TTL and wake-up, in one pipeline for all of them (in the map's order). */
    public void recordAll(Map<Long, Outcome> outcomes) {
        if (outcomes.isEmpty()) {
            return;
        }
        redis.executePipelined(new SessionCallback<Object>() {
            @Override
            @SuppressWarnings("unchecked")
            public <K, V> Object execute(RedisOperations<K, V> operations) {
                RedisOperations<String, String> ops = (RedisOperations<String, String>) operations;
                outcomes.forEach((reservationId, outcome) -> {
                    String key = key(reservationId);
                    ops.opsForHash().putAll(key, fields(outcome));
                    ops.expire(key, TTL);
                    ops.convertAndSend(CHANNEL, Long.toString(reservationId));
                });
                return null;
            }
        });
    }

    private static Map<String, String> fields(Outcome outcome) {
        return outcome.orderId() != null
                ? Map.of("status", outcome.status(), "orderId", outcome.orderId())
                : Map.of("status", outcome.status(), "reason", outcome.reason() == null ? "" : outcome.reason());
    }

    public Optional<Outcome> find(long reservationId) {
        Map<Object, Object> fields = redis.opsForHash().entries(key(reservationId));
        if (fields.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Outcome((String) fields.get("status"), (String) fields.get("orderId"),
                (String) fields.get("reason")));
    }

    private static String key(long reservationId) {
        return "seckill:result:" + reservationId;
    }
}

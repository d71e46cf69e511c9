package io.seckill.seckillapi.result;

import java.time.Duration;
import java.util.Optional;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;

/**
 * Which activity and which user a reservation id belongs to ({@code seckill:rsv:<id>} on the cache Redis, one
 * day): the result endpoint gets only the reservation id, and must answer 404 for another user's id. Written
 * once Kafka has the reservation, so only accepted attempts pay this second round trip.
 */
@Component
public class ReservationIndex {

    private static final Duration TTL = Duration.ofDays(1);
    private final StringRedisTemplate redis;

    ReservationIndex(StringRedisTemplate redis) {
        this.redis = redis;
    }

    public record Entry(long activityId, long userId) {
    }

    public void remember(long reservationId, long activityId, long userId) {
        redis.opsForValue().set(key(reservationId), activityId + ":" + userId, TTL);
    }

    public Optional<Entry> find(long reservationId) {
        String value = redis.opsForValue().get(key(reservationId));
        if (value == null) {
            return Optional.empty();
        }
        int colon = value.indexOf(':');
        return Optional.of(new Entry(Long.parseLong(value.substring(0, colon)), Long.parseLong(value.substring(colon + 1))));
    }

    private static String key(long reservationId) {
        return "seckill:rsv:" + reservationId;
    }
}

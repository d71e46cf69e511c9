package io.seckill.seckillapi.attempt;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.seckill.stock.StockKeys;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.data.redis.connection.Message;
import org.springframework.data.redis.connection.MessageListener;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;

/**
 * The local sold-out flags (DESIGN.md §3): once an activity is sold out, attempts on it are refused from memory
 * with no Redis round trip. The first instance that sees SOLD_OUT publishes on {@code seckill:soldout} and every
 * instance sets its flag. Flags expire after a few seconds: stock can come back (an attempt whose Kafka send
 * failed is undone, an order is cancelled), and then the next attempt asks Redis again.
 */
@Component
public class SoldOutBoard implements MessageListener {

    private static final Logger log = LoggerFactory.getLogger(SoldOutBoard.class);

    private final Cache<Long, Boolean> soldOut;
    private final StringRedisTemplate redis;

    SoldOutBoard(StringRedisTemplate redis, @Value("${seckill.attempt.sold-out-flag-ttl:5s}") Duration ttl) {
        this.redis = redis;
        this.soldOut = Caffeine.newBuilder().expireAfterWrite(ttl).maximumSize(10_000).build();
    }

    public boolean isSoldOut(long activityId) {
        return soldOut.getIfPresent(activityId) != null;
    }

    /** Sets the flag here and tells the other instances; a failed broadcast only costs them a Redis call. */
    void markSoldOut(long activityId) {
        if (soldOut.asMap().putIfAbsent(activityId, Boolean.TRUE) == null) {
            try {
                redis.convertAndSend(StockKeys.SOLD_OUT_CHANNEL, Long.toString(activityId));
            } catch (RuntimeException e) {
                log.warn("could not broadcast sold-out of activity {}: {}", activityId, e.toString());
            }
        }
    }

    /** Stock came back to this activity (an undo): ask Redis again on the next attempt. */
    void clear(long activityId) {
        soldOut.invalidate(activityId);
    }

    @Override
    public void onMessage(Message message, byte[] pattern) {
        try {
            soldOut.put(Long.parseLong(new String(message.getBody(), StandardCharsets.UTF_8)), Boolean.TRUE);
        } catch (NumberFormatException e) {
            log.warn("ignoring a malformed sold-out message");
        }
    }
}

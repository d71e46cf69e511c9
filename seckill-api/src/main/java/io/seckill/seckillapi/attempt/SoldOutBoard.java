package io.seckill.seckillapi.attempt;

import com.github.benmanes.caffeine.cache.LoadingCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.seckill.stock.StockKeys;
import io.seckill.stock.StockLedger;
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
 * instance sets its flag. Stock can come back (an attempt whose Kafka send failed is undone, an order is
 * cancelled): each flag is re-checked against the stock hash about once a {@code sold-out-flag-ttl} in the
 * background (Caffeine refresh: one Redis read per activity and interval, never per request) and dropped as
 * soon as units are available again.
 *
 * <p>An instance that starts after the sell-out (or missed the broadcast) learns it from the stock hash on the
 * first attempt it serves for an existing activity ({@link #learn}, after the activity lookup and the token, so
 * made-up activity ids never cost a Redis read); until then only a genuine attempt's SOLD_OUT from the reserve
 * script would have told it, and a crowd with spent or forged paths never reaches that answer.
 */
@Component
public class SoldOutBoard implements MessageListener {

    private static final Logger log = LoggerFactory.getLogger(SoldOutBoard.class);

    private final LoadingCache<Long, Boolean> soldOut;
    private final StringRedisTemplate redis;

    SoldOutBoard(StringRedisTemplate redis, StockLedger ledger,
                 @Value("${seckill.attempt.sold-out-flag-ttl:1s}") Duration recheck) {
        this.redis = redis;
        // TRUE sold out, FALSE units left (or no stock hash): both are kept and re-read in the background.
        this.soldOut = Caffeine.newBuilder().refreshAfterWrite(recheck).maximumSize(10_000)
                .build(activityId -> ledger.available(activityId).orElse(1) <= 0);
    }

    /** From memory only: what this instance knows (the fast path, before the token is checked). */
    public boolean isSoldOut(long activityId) {
        return Boolean.TRUE.equals(soldOut.getIfPresent(activityId));
    }

    /**
     * As {@link #isSoldOut}, but an activity this instance has never seen is read from the stock hash once (then
     * kept and refreshed like a flag). Only for an activity known to exist.
     */
    boolean learn(long activityId) {
        try {
            return Boolean.TRUE.equals(soldOut.get(activityId));
        } catch (RuntimeException redisAway) {
            // The reserve script will tell (or the stock connection's own 503 will): not knowing is not sold out.
            return false;
        }
    }

    /** Sets the flag here and tells the other instances; a failed broadcast only costs them a Redis call. */
    void markSoldOut(long activityId) {
        if (!Boolean.TRUE.equals(soldOut.asMap().put(activityId, Boolean.TRUE))) {
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

package io.seckill.admin.catalog;

import io.seckill.stock.StockKeys;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Announces catalog changes to seckill-api ({@link StockKeys#ACTIVITY_CHANGED_CHANNEL}, the activity id as the
 * message), which drops the activity from both cache levels. Sent only after the change committed: announced
 * earlier, a reader could reload the old row into the cache and keep it until the TTL.
 */
@Component
public class CatalogEvents {

    private static final Logger log = LoggerFactory.getLogger(CatalogEvents.class);
    private final StringRedisTemplate redis;

    CatalogEvents(StringRedisTemplate redis) {
        this.redis = redis;
    }

    /** Call inside the write's transaction; publishes once it commits, nothing if it rolls back. */
    public void activityChanged(long activityId) {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            publish(activityId);
            return;
        }
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                publish(activityId);
            }
        });
    }

    private void publish(long activityId) {
        try {
            redis.convertAndSend(StockKeys.ACTIVITY_CHANGED_CHANNEL, Long.toString(activityId));
        } catch (RuntimeException e) {
            // The change is committed; a lost announcement only delays seckill-api until its cache TTL (≤ 5 min).
            log.warn("could not announce the change of activity {}: {}", activityId, e.toString());
        }
    }
}

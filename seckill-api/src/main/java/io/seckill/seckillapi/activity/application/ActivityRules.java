package io.seckill.seckillapi.activity.application;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import io.seckill.seckillapi.activity.domain.Activity;
import io.seckill.seckillapi.activity.domain.ActivityCatalog;
import java.time.Duration;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * An activity's rules (window, price, limit) for the rush path, from process memory: the attempt never reads
 * MySQL (DESIGN.md §1.5). A miss loads once from the catalog; entries refresh in the background every few
 * seconds, so an admin's change reaches every instance within that time even without an invalidation message.
 * The Redis stock hash stays the authority for the window and the limit: this copy only saves round trips.
 */
@Component
public class ActivityRules {

    private final LoadingCache<Long, Optional<Activity>> cache;

    public ActivityRules(ActivityCatalog catalog) {
        this.cache = Caffeine.newBuilder()
                .maximumSize(10_000)
                .refreshAfterWrite(Duration.ofSeconds(5))
                .expireAfterWrite(Duration.ofMinutes(5))
                .build(catalog::byId);
    }

    public Optional<Activity> find(long activityId) {
        return cache.get(activityId);
    }

    public void invalidate(long activityId) {
        cache.invalidate(activityId);
    }
}

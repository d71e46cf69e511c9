package io.seckill.seckillapi.activity.application;

import io.seckill.seckillapi.activity.domain.Activity;
import io.seckill.seckillapi.activity.domain.ActivityCatalog;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * An activity's rules (window, price, limit) for the rush path, from the two-level cache: the attempt never
 * reads MySQL unless both levels miss (DESIGN.md §1.5). The Redis stock hash stays the authority for the window
 * and the limit: this copy only saves round trips.
 */
@Component
public class ActivityRules {

    private final ActivityCatalog catalog;

    public ActivityRules(ActivityCatalog catalog) {
        this.catalog = catalog;
    }

    public Optional<Activity> find(long activityId) {
        return catalog.byId(activityId);
    }
}

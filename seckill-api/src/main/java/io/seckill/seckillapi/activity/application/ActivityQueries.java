package io.seckill.seckillapi.activity.application;

import io.seckill.seckillapi.activity.domain.Activity;
import io.seckill.seckillapi.activity.domain.ActivityCatalog;
import io.seckill.seckillapi.activity.domain.StockGauge;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Service;

/**
 * The public activity reads, from the two-level cache ({@code CachedActivityCatalog}); the status is computed at
 * the time of the answer and the remaining units come live from the stock Redis.
 */
@Service
public class ActivityQueries {

    static final int LIST_LIMIT = 100;

    private final ActivityCatalog catalog;
    private final StockGauge stock;
    private final Clock clock;

    public ActivityQueries(ActivityCatalog catalog, StockGauge stock, Clock clock) {
        this.catalog = catalog;
        this.stock = stock;
        this.clock = clock;
    }

    public Listing liveAndUpcoming() {
        Instant now = clock.instant();
        List<ActivitySnapshot> items = catalog.liveAndUpcoming(now, LIST_LIMIT).stream()
                .map(activity -> snapshot(activity, now))
                .toList();
        return new Listing(now, items);
    }

    public Optional<Detail> detail(long id) {
        Instant now = clock.instant();
        return catalog.byId(id).map(activity -> new Detail(now, snapshot(activity, now)));
    }

    private ActivitySnapshot snapshot(Activity activity, Instant now) {
        int remaining = stock.available(activity.id()).orElse(activity.totalStock());
        return new ActivitySnapshot(activity, activity.statusAt(now), remaining);
    }

    /** An activity with its status at the time of the answer and its approximate remaining units. */
    public record ActivitySnapshot(Activity activity, String status, int remaining) {
    }

    public record Listing(Instant serverTime, List<ActivitySnapshot> items) {
    }

    public record Detail(Instant serverTime, ActivitySnapshot activity) {
    }
}

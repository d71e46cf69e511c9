package io.seckill.seckillapi.activity.domain;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Read access to activities (port; the MySQL adapter reads the admin backend's tables for display). */
public interface ActivityCatalog {

    /** Scheduled or live activities that have not ended at {@code now}, soonest first. */
    List<Activity> liveAndUpcoming(Instant now, int limit);

    Optional<Activity> byId(long id);
}

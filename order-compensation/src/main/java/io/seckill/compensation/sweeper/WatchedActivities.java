package io.seckill.compensation.sweeper;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The activities the sweeper and the reconciler look after: every scheduled or live one, and those that ended
 * within the last day (their stragglers still need sweeping). Read-only on admin-back's table (DESIGN.md §7).
 */
@Component
public class WatchedActivities {

    static final Duration AFTER_END = Duration.ofDays(1);

    private final JdbcClient jdbc;
    private final Clock clock;

    WatchedActivities(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    public record Watched(long id, BigDecimal price, Instant start, Instant end) {
        public boolean isOver(Instant now) {
            return !now.isBefore(end);
        }
    }

    public List<Watched> all() {
        return jdbc.sql("""
                SELECT id, seckill_price, start_time, end_time FROM seckill_activities
                 WHERE status IN ('SCHEDULED', 'LIVE', 'ENDED') AND end_time > ?""")
                .param(Timestamp.from(clock.instant().minus(AFTER_END)))
                .query((r, n) -> new Watched(r.getLong(1), r.getBigDecimal(2), r.getTimestamp(3).toInstant(),
                        r.getTimestamp(4).toInstant()))
                .list();
    }
}

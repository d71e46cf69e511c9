package io.seckill.seckillapi.activity.infrastructure;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import io.seckill.kernel.redis.Subscriptions;
import io.seckill.seckillapi.activity.domain.Activity;
import io.seckill.seckillapi.activity.domain.ActivityCatalog;
import io.seckill.stock.StockKeys;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.connection.Message;
import org.springframework.data.redis.connection.MessageListener;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;
import org.springframework.stereotype.Component;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The two-level activity cache (DESIGN.md §2, seckill-api issue): Caffeine in each instance, then Redis (the
 * {@code cache} connection), then MySQL only when both miss. The admin backend announces every change on
 * {@link StockKeys#ACTIVITY_CHANGED_CHANNEL}; each instance then drops the activity and the list from both
 * levels. The TTLs bound staleness if a message is lost (pub/sub is at-most-once).
 */
@Primary
@Component
public class CachedActivityCatalog implements ActivityCatalog, MessageListener {

    static final Duration LOCAL_TTL = Duration.ofSeconds(30);
    static final Duration REDIS_TTL = Duration.ofMinutes(5);
    static final int LIST_SIZE = 100;
    private static final String LIST_KEY = "cache:activities:upcoming";
    private static final Logger log = LoggerFactory.getLogger(CachedActivityCatalog.class);
    private static final TypeReference<List<Activity>> LIST_TYPE = new TypeReference<>() {
    };

    private final JdbcActivityCatalog database;
    private final StringRedisTemplate redis;
    private final JsonMapper json;
    private final Clock clock;
    private final LoadingCache<Long, Optional<Activity>> byId;
    private final LoadingCache<String, List<Activity>> upcoming;

    CachedActivityCatalog(JdbcActivityCatalog database, StringRedisTemplate redis, JsonMapper json, Clock clock,
                          MeterRegistry meters) {
        this.database = database;
        this.redis = redis;
        this.json = json;
        this.clock = clock;
        // Unknown ids are remembered too (briefly): a client hammering a wrong id must not reach MySQL each time.
        this.byId = Caffeine.newBuilder().maximumSize(10_000).expireAfterWrite(LOCAL_TTL).recordStats()
                .build(this::loadOne);
        this.upcoming = Caffeine.newBuilder().maximumSize(1).expireAfterWrite(LOCAL_TTL).recordStats()
                .build(key -> loadUpcoming());
        CaffeineCacheMetrics.monitor(meters, byId, "activity");
        CaffeineCacheMetrics.monitor(meters, upcoming, "activity-list");
    }

    @Override
    public List<Activity> liveAndUpcoming(Instant now, int limit) {
        // The cached list was read at some earlier instant: drop what has ended since.
        return upcoming.get(LIST_KEY).stream().filter(a -> a.endTime().isAfter(now)).limit(limit).toList();
    }

    @Override
    public Optional<Activity> byId(long id) {
        return byId.get(id);
    }

    /** Drops one activity (and the list) from both levels, here and, through the channel, everywhere. */
    public void invalidate(long activityId) {
        dropLocal(activityId);
        try {
            redis.delete(List.of(oneKey(activityId), LIST_KEY));
        } catch (DataAccessException e) {
            log.warn("could not drop activity {} from the Redis cache: {}", activityId, e.toString());
        }
    }

    /** This instance's level only (a restart, or the second instance of a test). */
    public void dropLocal(long activityId) {
        byId.invalidate(activityId);
        upcoming.invalidateAll();
    }

    @Override
    public void onMessage(Message message, byte[] pattern) {
        String body = new String(message.getBody(), StandardCharsets.UTF_8);
        try {
            invalidate(Long.parseLong(body.trim()));
        } catch (NumberFormatException e) {
            log.warn("ignoring a malformed activity-changed message");
        }
    }

    private Optional<Activity> loadOne(long id) {
        String cached = readRedis(oneKey(id));
        if (cached != null) {
            return Optional.of(json.readValue(cached, Activity.class));
        }
        Optional<Activity> loaded = database.byId(id);
        loaded.ifPresent(activity -> writeRedis(oneKey(id), json.writeValueAsString(activity)));
        return loaded;
    }

    private List<Activity> loadUpcoming() {
        String cached = readRedis(LIST_KEY);
        if (cached != null) {
            return json.readValue(cached, LIST_TYPE);
        }
        List<Activity> loaded = database.liveAndUpcoming(clock.instant(), LIST_SIZE);
        writeRedis(LIST_KEY, json.writeValueAsString(loaded));
        return loaded;
    }

    /** Redis is a cache here: when it is away, reads fall through to MySQL instead of failing. */
    private String readRedis(String key) {
        try {
            return redis.opsForValue().get(key);
        } catch (DataAccessException e) {
            log.warn("Redis cache unavailable, reading MySQL: {}", e.toString());
            return null;
        }
    }

    private void writeRedis(String key, String value) {
        try {
            redis.opsForValue().set(key, value, REDIS_TTL);
        } catch (DataAccessException e) {
            log.debug("Redis cache unavailable, not caching {}", key);
        }
    }

    private static String oneKey(long id) {
        return "cache:activity:" + id;
    }

    @org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
    static class Subscription {

        @Bean
        RedisMessageListenerContainer activityChangedListener(RedisConnectionFactory redis, CachedActivityCatalog catalog) {
            return Subscriptions.container(redis, catalog, StockKeys.ACTIVITY_CHANGED_CHANNEL);
        }
    }
}

package io.seckill.seckillapi.ratelimit;

import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Token-bucket limits of the rush path: per buyer, per client IP and for the whole activity, each a capacity
 * (the burst) and a refill rate. {@code activities.<id>} overrides the defaults for one activity (a big sale
 * may allow more per IP, a small one less).
 */
@ConfigurationProperties("seckill.rate-limit")
public record RateLimitProperties(Limits defaults, Map<Long, Limits> activities) {

    public RateLimitProperties {
        defaults = defaults == null ? new Limits(null, null, null, null) : defaults;
        activities = activities == null ? Map.of() : activities;
    }

    public Limits forActivity(long activityId) {
        return activities.getOrDefault(activityId, defaults);
    }

    public record Limits(Bucket user, Bucket ip, Bucket activity, Bucket captcha) {
        public Limits {
            // A buyer clicks a few times; an IP may be a campus behind NAT; the activity bucket protects Redis.
            user = user == null ? new Bucket(5, 1) : user;
            ip = ip == null ? new Bucket(200, 100) : ip;
            activity = activity == null ? new Bucket(50_000, 50_000) : activity;
            captcha = captcha == null ? new Bucket(10, 1) : captcha;
        }
    }

    public record Bucket(long capacity, double perSecond) {
        public Bucket {
            if (capacity < 1 || perSecond <= 0) {
                throw new IllegalArgumentException("a bucket needs capacity >= 1 and a positive rate");
            }
        }
    }
}

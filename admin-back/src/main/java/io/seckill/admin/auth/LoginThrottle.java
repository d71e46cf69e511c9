package io.seckill.admin.auth;

import io.seckill.kernel.error.ApiException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.springframework.core.io.ClassPathResource;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.DefaultRedisScript;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;

/**
 * Failed admin logins, counted in fixed windows in Redis: after {@code maxPerUsername} failures for one username,
 * or {@code maxPerIp} from one client, logins are refused with 429 and {@code Retry-After} until the window ends,
 * right password or not (so the lock-out cannot be used to confirm a guess). A success clears the username's count.
 * Keys {@code auth:admin-login-fail:{<username>}} and {@code auth:admin-login-fail-ip:<ip>}: not user-api's keys,
 * so an admin named like a customer's mobile number never shares a counter.
 */
@Component
class LoginThrottle {

    @SuppressWarnings("rawtypes")
    private static final RedisScript<List> HIT = script();

    private final StringRedisTemplate redis;
    private final AuthProperties properties;

    LoginThrottle(StringRedisTemplate redis, AuthProperties properties) {
        this.redis = redis;
        this.properties = properties;
    }

    /** @throws ApiException 429 RATE_LIMITED while the username or the client is locked out */
    void check(String username, String clientIp) {
        Optional<Duration> wait = full(userKey(username), properties.maxPerUsername())
                .or(() -> full(ipKey(clientIp), properties.maxPerIp()));
        if (wait.isPresent()) {
            throw ApiException.rateLimited(wait.get());
        }
    }

    void failed(String username, String clientIp) {
        hit(userKey(username), properties.maxPerUsername());
        hit(ipKey(clientIp), properties.maxPerIp());
    }

    void succeeded(String username) {
        redis.delete(userKey(username));
    }

    private void hit(String key, int limit) {
        redis.execute(HIT, List.of(key), Integer.toString(limit), Long.toString(properties.throttleWindow().toMillis()));
    }

    private Optional<Duration> full(String key, int limit) {
        String count = redis.opsForValue().get(key);
        if (count == null || Long.parseLong(count) < limit) {
            return Optional.empty();
        }
        Long left = redis.getExpire(key, TimeUnit.MILLISECONDS);
        return Optional.of(Duration.ofMillis(Math.max(1000, left == null ? 1000 : left)));
    }

    /** Usernames are unique ignoring case (the column's collation), so the counter is too. */
    private static String userKey(String username) {
        return "auth:admin-login-fail:{" + username.toLowerCase(Locale.ROOT) + "}";
    }

    private static String ipKey(String clientIp) {
        return "auth:admin-login-fail-ip:" + clientIp;
    }

    @SuppressWarnings("rawtypes")
    private static RedisScript<List> script() {
        DefaultRedisScript<List> script = new DefaultRedisScript<>();
        script.setLocation(new ClassPathResource("lua/admin/window_hit.lua"));
        script.setResultType(List.class);
        return script;
    }
}

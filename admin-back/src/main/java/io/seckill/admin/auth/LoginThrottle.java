package io.seckill.admin.auth;

import io.seckill.kernel.error.ApiException;
import io.seckill.kernel.redis.WindowCounter;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Failed admin logins, counted in fixed windows in Redis (the kernel's {@link WindowCounter}, as user-api counts
 * customers'): after {@code maxPerUsername} failures for one username, or {@code maxPerIp} from one client, logins
 * are refused with 429 and {@code Retry-After} until the window ends, right password or not (so the lock-out cannot
 * be used to confirm a guess). A success clears the username's count. Keys {@code auth:admin-login-fail:{<username>}}
 * and {@code auth:admin-login-fail-ip:<ip>}: not user-api's keys, so an admin named like a customer's mobile number
 * never shares a counter.
 */
@Component
class LoginThrottle {

    private final WindowCounter counters;
    private final AuthProperties properties;

    LoginThrottle(WindowCounter counters, AuthProperties properties) {
        this.counters = counters;
        this.properties = properties;
    }

    /** @throws ApiException 429 RATE_LIMITED while the username or the client is locked out */
    void check(String username, String clientIp) {
        Optional<Duration> wait = counters.full(userKey(username), properties.maxPerUsername())
                .or(() -> counters.full(ipKey(clientIp), properties.maxPerIp()));
        if (wait.isPresent()) {
            throw ApiException.rateLimited(wait.get());
        }
    }

    void failed(String username, String clientIp) {
        counters.hit(userKey(username), properties.maxPerUsername(), properties.throttleWindow());
        counters.hit(ipKey(clientIp), properties.maxPerIp(), properties.throttleWindow());
    }

    void succeeded(String username) {
        counters.reset(userKey(username));
    }

    /** Usernames are unique ignoring case (the column's collation), so the counter is too. */
    private static String userKey(String username) {
        return "auth:admin-login-fail:{" + username.toLowerCase(Locale.ROOT) + "}";
    }

    private static String ipKey(String clientIp) {
        return "auth:admin-login-fail-ip:" + clientIp;
    }
}

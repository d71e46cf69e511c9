package io.seckill.user.api.auth;

import io.seckill.kernel.error.ApiException;
import io.seckill.kernel.redis.WindowCounter;
import java.time.Duration;
import java.util.Optional;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.stereotype.Component;

/**
 * Failed-login throttling: after {@code maxPerMobile} failures for one number, or {@code maxPerIp} from one client,
 * within the window, logins are refused with 429 and {@code Retry-After} until the window ends. A success clears
 * the number's count. Keys: {@code auth:login-fail:{<mobile>}}, {@code auth:login-fail-ip:<ip>}.
 */
@Component
@EnableConfigurationProperties(LoginThrottle.Properties.class)
class LoginThrottle {

    @ConfigurationProperties("seckill.auth.login-throttle")
    record Properties(@DefaultValue("5") int maxPerMobile, @DefaultValue("20") int maxPerIp,
                      @DefaultValue("15m") Duration window) {
    }

    private final WindowCounter counters;
    private final Properties properties;

    LoginThrottle(WindowCounter counters, Properties properties) {
        this.counters = counters;
        this.properties = properties;
    }

    /** @throws ApiException 429 while the number or the client is locked out */
    void check(String mobile, String clientIp) {
        Optional<Duration> wait = counters.full(mobileKey(mobile), properties.maxPerMobile())
                .or(() -> counters.full(ipKey(clientIp), properties.maxPerIp()));
        if (wait.isPresent()) {
            throw ApiException.rateLimited(wait.get());
        }
    }

    void failed(String mobile, String clientIp) {
        counters.hit(mobileKey(mobile), properties.maxPerMobile(), properties.window());
        counters.hit(ipKey(clientIp), properties.maxPerIp(), properties.window());
    }

    void succeeded(String mobile) {
        counters.reset(mobileKey(mobile));
    }

    private static String mobileKey(String mobile) {
        return "auth:login-fail:{" + mobile + "}";
    }

    private static String ipKey(String clientIp) {
        return "auth:login-fail-ip:" + clientIp;
    }
}

package io.seckill.user.api.sms;

import io.seckill.kernel.error.ApiException;
import io.seckill.user.api.UserApiProblem;
import io.seckill.user.api.AuthMetrics;
import io.seckill.user.api.redis.LuaScripts;
import io.seckill.kernel.redis.WindowCounter;
import io.seckill.user.contract.MobileNumber;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Service;

/**
 * Login/registration codes: issued under the limits of {@link SmsProperties}, kept in Redis, one use each.
 * Whether the number has an account is never looked at here, so the answer cannot reveal it.
 *
 * <p>Keys (the {@code {<mobile>}} hash tag keeps one number's keys on one cluster slot, as the scripts need):
 * {@code auth:sms:{<mobile>}:code} (hash: code, wrong tries), {@code …:cooldown}, {@code …:hour};
 * {@code auth:sms-ip:<ip>:hour} for the per-IP limit.
 */
@Service
public class SmsCodes {

    private static final Logger log = LoggerFactory.getLogger(SmsCodes.class);
    @SuppressWarnings("rawtypes")
    private static final RedisScript<List> ISSUE = LuaScripts.list("sms_issue");
    private static final RedisScript<Long> CHECK = LuaScripts.number("sms_check");

    private final StringRedisTemplate redis;
    private final WindowCounter counters;
    private final SmsSender sender;
    private final SmsProperties properties;
    private final AuthMetrics metrics;
    private final SecureRandom random = new SecureRandom();

    SmsCodes(StringRedisTemplate redis, WindowCounter counters, SmsSender sender, SmsProperties properties,
             AuthMetrics metrics) {
        this.redis = redis;
        this.counters = counters;
        this.sender = sender;
        this.properties = properties;
        this.metrics = metrics;
    }

    /**
     * Sends a fresh code to {@code mobile} (normalised). The per-IP window counts every request, refused ones
     * included, so one client cannot probe many numbers.
     *
     * @throws ApiException 429 RATE_LIMITED with Retry-After, 503 SMS_UNAVAILABLE
     */
    public void issue(String mobile, String clientIp) {
        Optional<Duration> ipFull = counters.hit("auth:sms-ip:" + clientIp + ":hour", properties.maxPerIp(), properties.window());
        if (ipFull.isPresent()) {
            metrics.smsSend("throttled");
            throw ApiException.rateLimited(ipFull.get());
        }
        String code = "%06d".formatted(random.nextInt(1_000_000));
        String tag = "auth:sms:{" + mobile + "}:";
        List<?> result = redis.execute(ISSUE, List.of(tag + "cooldown", tag + "hour", tag + "code"),
                Long.toString(properties.cooldown().toMillis()), Integer.toString(properties.maxPerMobile()),
                Long.toString(properties.window().toMillis()), code, Long.toString(properties.codeTtl().toMillis()));
        IssueOutcome outcome = IssueOutcome.of(((Number) result.get(0)).intValue());
        if (outcome != IssueOutcome.ISSUED) {
            metrics.smsSend("throttled");
            throw ApiException.rateLimited(Duration.ofMillis(((Number) result.get(1)).longValue()));
        }
        try {
            sender.send(mobile, code);
        } catch (RuntimeException e) {
            // The code was never delivered: drop it. The cooldown stays, so a failing provider is not hammered.
            redis.delete(tag + "code");
            metrics.smsSend("failed");
            log.warn("SMS to {} failed: {}", MobileNumber.mask(mobile), e.getMessage());
            throw new ApiException(UserApiProblem.SMS_UNAVAILABLE, "The code could not be sent; try again later")
                    .retryAfter(properties.cooldown());
        }
        metrics.smsSend("sent");
    }

    /** Whether {@code code} is the live code of {@code mobile}; a right code is consumed, wrong ones are counted. */
    public boolean verify(String mobile, String code) {
        Long result = redis.execute(CHECK, List.of("auth:sms:{" + mobile + "}:code"), code,
                Integer.toString(properties.maxWrongTries()));
        return result != null && result == 1L;
    }

    enum IssueOutcome {
        ISSUED, COOLING_DOWN, MOBILE_LIMIT;

        static IssueOutcome of(int code) {
            return switch (code) {
                case 0 -> ISSUED;
                case 1 -> COOLING_DOWN;
                case 2 -> MOBILE_LIMIT;
                default -> throw new IllegalStateException("sms_issue.lua returned " + code);
            };
        }
    }
}

package io.seckill.seckillapi.antibot;

import io.seckill.kernel.error.ApiException;
import io.seckill.seckillapi.SeckillProblem;
import io.seckill.seckillapi.activity.application.ActivityRules;
import io.seckill.seckillapi.activity.domain.Activity;
import io.seckill.seckillapi.ratelimit.RateLimiter;
import io.seckill.stock.StockLedger;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Service;

/**
 * The anti-bot step (DESIGN.md §3 step 4): a captcha whose answer lives in Redis (one use, 2 minutes, bound to
 * the user and the activity), and for a right answer a one-time path token bound to user + activity, valid
 * 60 s, consumed by the attempt's Lua script.
 */
@Service
public class AntiBotService {

    static final Duration CAPTCHA_TTL = Duration.ofMinutes(2);
    static final Duration PATH_TTL = Duration.ofSeconds(60);
    /**
     * For what a bot must not guess: the answer and the path token. The image's jitter and noise are drawn with
     * {@link ThreadLocalRandom} instead: several hundred draws per image through one shared SecureRandom (a lock
     * and a /dev/urandom read each) made it the most expensive part of a captcha, and knowing the noise does not
     * reveal the digits.
     */
    private static final SecureRandom random = new SecureRandom();

    private final StringRedisTemplate cache;
    private final StockLedger ledger;
    private final ActivityRules rules;
    private final Clock clock;
    private final boolean exposeAnswer;
    private final RateLimiter rateLimiter;

    AntiBotService(StringRedisTemplate cache, StockLedger ledger, ActivityRules rules, Clock clock,
                   @Value("${seckill.captcha.expose-answer:false}") boolean exposeAnswer, RateLimiter rateLimiter) {
        this.rateLimiter = rateLimiter;
        this.cache = cache;
        this.ledger = ledger;
        this.rules = rules;
        this.clock = clock;
        this.exposeAnswer = exposeAnswer;
    }

    /** @param devAnswer the answer, only when the dev profile exposes it; null otherwise */
    public record Captcha(String captchaId, String imageDataUrl, long expiresIn, String devAnswer) {
    }

    public record Path(String path, long expiresIn) {
    }

    public Captcha captcha(long activityId, long userId, String clientIp) {
        Activity activity = activity(activityId);
        requireNotOver(activity, clock.instant());
        rateLimiter.checkCaptcha(activityId, userId, clientIp);
        String answer = String.format("%05d", random.nextInt(100_000));
        String captchaId = UUID.randomUUID().toString();
        cache.opsForValue().set(captchaKey(captchaId), binding(userId, activityId, answer), CAPTCHA_TTL);
        return new Captcha(captchaId, CaptchaImage.dataUrl(answer, ThreadLocalRandom.current()), CAPTCHA_TTL.toSeconds(),
                exposeAnswer ? answer : null);
    }

    public Path path(long activityId, long userId, String captchaId, String answer) {
        Activity activity = activity(activityId);
        Instant now = clock.instant();
        requireNotOver(activity, now);
        if (now.isBefore(activity.startTime())) {
            throw new ApiException(SeckillProblem.NOT_STARTED, "the activity starts at " + activity.startTime())
                    .with("startTime", activity.startTime()).with("serverTime", now);
        }
        // GETDEL: a captcha is spent by the first try, right or wrong, so it cannot be brute-forced.
        String stored = captchaId == null || captchaId.length() > 64 ? null : cache.opsForValue().getAndDelete(captchaKey(captchaId));
        if (stored == null || answer == null || !stored.equals(binding(userId, activityId, answer.trim()))) {
            throw new ApiException(SeckillProblem.CAPTCHA_WRONG, "get a new captcha and try again");
        }
        byte[] token = new byte[16];
        random.nextBytes(token);
        String path = HexFormat.of().formatHex(token);
        ledger.issuePath(activityId, userId, path, PATH_TTL);
        return new Path(path, PATH_TTL.toSeconds());
    }

    private Activity activity(long activityId) {
        return rules.find(activityId).orElseThrow(() -> ApiException.notFound("activity " + activityId));
    }

    private static void requireNotOver(Activity activity, Instant now) {
        String status = activity.statusAt(now);
        if (status.equals("ENDED") || status.equals("CANCELLED")) {
            throw new ApiException(SeckillProblem.ENDED, "the activity is over");
        }
    }

    private static String binding(long userId, long activityId, String answer) {
        return userId + ":" + activityId + ":" + answer;
    }

    private static String captchaKey(String captchaId) {
        return "captcha:" + captchaId;
    }
}

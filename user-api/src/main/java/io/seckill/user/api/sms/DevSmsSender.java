package io.seckill.user.api.sms;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.seckill.user.contract.MobileNumber;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;

/**
 * Sends nothing: keeps the last code per number (for {@code GET /api/auth/dev/sms-codes}, dev profile only) and,
 * in the dev profile only, logs it. Outside dev it never logs a code: codes are secrets like passwords.
 */
public class DevSmsSender implements SmsSender {

    private static final Logger log = LoggerFactory.getLogger(DevSmsSender.class);

    private final Cache<String, String> lastCodes;
    private final boolean devProfile;

    public DevSmsSender(Environment environment, Duration codeTtl) {
        this.lastCodes = Caffeine.newBuilder().maximumSize(10_000).expireAfterWrite(codeTtl).build();
        this.devProfile = environment.acceptsProfiles(Profiles.of("dev"));
        if (!devProfile) {
            log.warn("seckill.sms.provider=dev outside the dev profile: SMS codes are NOT delivered to phones");
        }
    }

    @Override
    public void send(String mobile, String code) {
        lastCodes.put(mobile, code);
        if (devProfile) {
            log.info("[dev SMS] code for {}: {}", mobile, code);
        } else {
            log.info("[dev SMS] a code for {} was kept, not delivered", MobileNumber.mask(mobile));
        }
    }

    /** The last code "sent" to {@code mobile} (normalised), while it lives. */
    public Optional<String> lastCode(String mobile) {
        return Optional.ofNullable(lastCodes.getIfPresent(mobile));
    }
}

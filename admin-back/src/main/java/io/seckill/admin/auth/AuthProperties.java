package io.seckill.admin.auth;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Admin session settings ({@code seckill.admin.auth.*}).
 *
 * @param accessTtl      lifetime of an access token; short, because permission changes reach a session at its next refresh
 * @param refreshTtl     idle lifetime of a refresh family (each rotation restarts it)
 * @param maxPerUsername failed logins for one username per window before 429
 * @param maxPerIp       failed logins from one client address per window before 429
 * @param throttleWindow the failed-login counting window
 */
@ConfigurationProperties("seckill.admin.auth")
record AuthProperties(@DefaultValue("15m") Duration accessTtl, @DefaultValue("12h") Duration refreshTtl,
                      @DefaultValue("5") int maxPerUsername, @DefaultValue("20") int maxPerIp,
                      @DefaultValue("15m") Duration throttleWindow) {
}

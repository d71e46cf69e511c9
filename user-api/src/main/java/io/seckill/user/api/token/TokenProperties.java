package io.seckill.user.api.token;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** {@code seckill.auth.tokens.*}: access tokens live 15 minutes, refresh tokens 7 days from their issue. */
@ConfigurationProperties("seckill.auth.tokens")
public record TokenProperties(@DefaultValue("15m") Duration accessTtl, @DefaultValue("7d") Duration refreshTtl) {
}

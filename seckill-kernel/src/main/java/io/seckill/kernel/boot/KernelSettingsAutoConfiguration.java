package io.seckill.kernel.boot;

import io.seckill.kernel.settings.RuntimeSettings;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * {@link RuntimeSettings} for services that have a database, reloaded on admin-back's Redis announcement when
 * the service also has Redis ({@link KernelSettingsAnnouncementsAutoConfiguration}). {@code seckill.settings.enabled=false} turns it off.
 */
@AutoConfiguration(after = {KernelJdbcAutoConfiguration.class, KernelRedisAutoConfiguration.class},
        afterName = {"org.springframework.boot.jdbc.autoconfigure.JdbcClientAutoConfiguration",
                "org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration"})
@ConditionalOnClass(JdbcClient.class)
@ConditionalOnProperty(prefix = "seckill.settings", name = "enabled", matchIfMissing = true)
public class KernelSettingsAutoConfiguration {

    @Bean(destroyMethod = "close")
    @ConditionalOnBean(JdbcClient.class)
    @ConditionalOnMissingBean
    public RuntimeSettings runtimeSettings(JdbcClient jdbc,
                                           @Value("${seckill.settings.refresh-every:30s}") String refreshEvery) {
        return new RuntimeSettings(jdbc, DurationStyle.detectAndParse(refreshEvery));
    }
}

package io.seckill.kernel.boot;

import io.seckill.kernel.redis.Subscriptions;
import io.seckill.kernel.settings.RuntimeSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;

/**
 * Reloads {@link RuntimeSettings} as soon as admin-back announces a change on
 * {@link RuntimeSettings#CHANGED_CHANNEL}. A separate auto-configuration (not a nested class) so that its
 * condition sees the settings bean, and so that services without Redis never load Redis classes.
 */
@AutoConfiguration(after = KernelSettingsAutoConfiguration.class)
@ConditionalOnClass(StringRedisTemplate.class)
public class KernelSettingsAnnouncementsAutoConfiguration {

    private static final Logger log = LoggerFactory.getLogger(KernelSettingsAnnouncementsAutoConfiguration.class);

    /** Its own small container: one subscription, independent of any container a service already has. */
    @Bean(destroyMethod = "destroy")
    @ConditionalOnBean({RuntimeSettings.class, StringRedisTemplate.class})
    RedisMessageListenerContainer runtimeSettingsListener(RuntimeSettings settings, StringRedisTemplate redis) {
        return Subscriptions.container(redis.getConnectionFactory(), (message, pattern) -> {
            log.debug("settings change announced: {}", new String(message.getBody()));
            settings.refresh();
        }, RuntimeSettings.CHANGED_CHANNEL);
    }
}

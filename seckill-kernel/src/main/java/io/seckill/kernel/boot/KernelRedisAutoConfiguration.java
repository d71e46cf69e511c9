package io.seckill.kernel.boot;

import io.lettuce.core.resource.NettyCustomizer;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.seckill.kernel.redis.ConsolidatedFlushes;
import io.seckill.kernel.redis.WindowCounter;
import io.seckill.kernel.security.RedisRevocationList;
import io.seckill.kernel.security.RevocationList;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.data.redis.autoconfigure.ClientResourcesBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.core.StringRedisTemplate;

/** The token deny-list and the fixed-window counters, for services that have Redis; Lettuce's flushes consolidated. */
@AutoConfiguration(afterName = "org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration")
@ConditionalOnClass(StringRedisTemplate.class)
public class KernelRedisAutoConfiguration {

    @Bean
    @ConditionalOnBean(StringRedisTemplate.class)
    @ConditionalOnMissingBean
    public RevocationList revocationList(StringRedisTemplate redis) {
        return new RedisRevocationList(redis);
    }

    @Bean
    @ConditionalOnBean(StringRedisTemplate.class)
    @ConditionalOnMissingBean
    public WindowCounter windowCounter(StringRedisTemplate redis) {
        return new WindowCounter(redis);
    }

    /** Boot builds the Lettuce {@code ClientResources} with this (and the stock connection shares them). */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass({ClientResourcesBuilderCustomizer.class, NettyCustomizer.class, FlushConsolidationHandler.class})
    static class LettuceFlushes {

        @Bean
        ClientResourcesBuilderCustomizer consolidatedFlushes() {
            return builder -> builder.nettyCustomizer(new ConsolidatedFlushes());
        }
    }
}

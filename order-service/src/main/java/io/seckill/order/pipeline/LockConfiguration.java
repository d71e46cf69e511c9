package io.seckill.order.pipeline;

import io.seckill.kernel.redis.RedissonClients;
import org.redisson.api.RedissonClient;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/** The Redisson client for the fenced lock per transaction (the kernel's, sized for a lock per order). */
@Configuration(proxyBeanMethods = false)
class LockConfiguration {

    @Bean(destroyMethod = "shutdown")
    RedissonClient redisson(Environment environment) {
        return RedissonClients.forSpringRedis(environment, 16);
    }
}

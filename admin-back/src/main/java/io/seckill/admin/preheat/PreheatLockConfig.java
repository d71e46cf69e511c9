package io.seckill.admin.preheat;

import io.seckill.kernel.redis.RedissonClients;
import org.redisson.api.RedissonClient;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/** The Redisson client for the preheat lock (the kernel's; small pools: a lock per preheat, not per request). */
@Configuration(proxyBeanMethods = false)
class PreheatLockConfig {

    @Bean(destroyMethod = "shutdown")
    RedissonClient redisson(Environment environment) {
        return RedissonClients.forSpringRedis(environment, 4);
    }
}

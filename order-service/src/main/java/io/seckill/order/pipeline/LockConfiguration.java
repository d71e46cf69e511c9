package io.seckill.order.pipeline;

import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.config.Config;
import org.redisson.config.SingleServerConfig;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * A Redisson client on the {@code cache} Redis (locks live there, DESIGN.md §8), from the same
 * {@code spring.data.redis.*} properties as Spring's connection; the plain client rather than Redisson's Boot
 * starter, as in admin-back (the starter tracks Boot versions of its own). Sized for a lock per transaction.
 */
@Configuration(proxyBeanMethods = false)
class LockConfiguration {

    @Bean(destroyMethod = "shutdown")
    RedissonClient redisson(@Value("${spring.data.redis.host:localhost}") String host,
                            @Value("${spring.data.redis.port:6379}") int port,
                            @Value("${spring.data.redis.password:}") String password,
                            @Value("${spring.data.redis.database:0}") int database) {
        Config config = new Config();
        config.setThreads(2);
        config.setNettyThreads(4);
        SingleServerConfig server = config.useSingleServer()
                .setAddress("redis://" + host + ":" + port)
                .setDatabase(database)
                .setConnectionMinimumIdleSize(2)
                .setConnectionPoolSize(16)
                .setSubscriptionConnectionMinimumIdleSize(1)
                .setSubscriptionConnectionPoolSize(4)
                .setTimeout(2000)
                .setRetryAttempts(1);
        if (!password.isBlank()) {
            server.setPassword(password);
        }
        return Redisson.create(config);
    }
}

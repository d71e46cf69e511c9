package io.seckill.admin.preheat;

import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.config.Config;
import org.redisson.config.SingleServerConfig;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * A Redisson client on the {@code cache} Redis (locks live there, DESIGN.md §8), built from the same
 * {@code spring.data.redis.*} properties as Spring's connection. The plain client rather than Redisson's Spring Boot
 * starter: the starter tracks Boot versions of its own, and a lock needs none of its auto-configuration. Pools are
 * small: admin-back takes a lock per preheat, not per request.
 */
@Configuration(proxyBeanMethods = false)
class PreheatLockConfig {

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
                .setConnectionMinimumIdleSize(1)
                .setConnectionPoolSize(4)
                .setSubscriptionConnectionMinimumIdleSize(1)
                .setSubscriptionConnectionPoolSize(2);
        if (!password.isBlank()) {
            server.setPassword(password);
        }
        return Redisson.create(config);
    }
}

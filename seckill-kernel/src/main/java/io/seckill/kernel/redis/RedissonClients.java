package io.seckill.kernel.redis;

import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.config.Config;
import org.redisson.config.SingleServerConfig;
import org.springframework.core.env.Environment;

/**
 * A Redisson client on the {@code cache} Redis (locks live there, DESIGN.md §8), built from the same
 * {@code spring.data.redis.*} properties as Spring's connection, so one set of variables points a service at its
 * Redis. The plain client rather than Redisson's Spring Boot starter: the starter tracks Boot versions of its own,
 * and a lock needs none of its auto-configuration. Declare it as a bean with {@code destroyMethod = "shutdown"}.
 */
public final class RedissonClients {

    private RedissonClients() {
    }

    /** @param connections the command connection pool: a lock per transaction wants more than a lock per preheat */
    public static RedissonClient forSpringRedis(Environment environment, int connections) {
        Config config = new Config();
        config.setThreads(2);
        config.setNettyThreads(4);
        String host = environment.getProperty("spring.data.redis.host", "localhost");
        int port = environment.getProperty("spring.data.redis.port", Integer.class, 6379);
        SingleServerConfig server = config.useSingleServer()
                .setAddress("redis://" + host + ":" + port)
                .setDatabase(environment.getProperty("spring.data.redis.database", Integer.class, 0))
                .setConnectionMinimumIdleSize(Math.min(2, connections))
                .setConnectionPoolSize(connections)
                .setSubscriptionConnectionMinimumIdleSize(1)
                .setSubscriptionConnectionPoolSize(Math.max(2, connections / 4))
                .setTimeout(2000)
                .setRetryAttempts(1);
        String password = environment.getProperty("spring.data.redis.password", "");
        if (!password.isBlank()) {
            server.setPassword(password);
        }
        return Redisson.create(config);
    }
}

package io.seckill.stock;

import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * The {@code stock} Redis connection (DESIGN.md §8): the hot, isolated one the reservation scripts run on. In
 * production it is its own server or cluster (set {@code seckill.redis.stock.host}); by default it is the same
 * server as the {@code cache} connection (Spring's {@code spring.data.redis.*}).
 */
public final class StockRedis implements AutoCloseable {

    private final RedisConnectionFactory connectionFactory;
    private final StringRedisTemplate template;
    private final boolean owned;

    /** @param owned whether this object created the factory and must close it (a shared one is Spring's to close) */
    public StockRedis(RedisConnectionFactory connectionFactory, boolean owned) {
        this.connectionFactory = connectionFactory;
        this.template = new StringRedisTemplate(connectionFactory);
        this.owned = owned;
    }

    @Override
    public void close() {
        if (owned && connectionFactory instanceof LettuceConnectionFactory lettuce) {
            lettuce.destroy();
        }
    }

    public StringRedisTemplate template() {
        return template;
    }

    public RedisConnectionFactory connectionFactory() {
        return connectionFactory;
    }
}

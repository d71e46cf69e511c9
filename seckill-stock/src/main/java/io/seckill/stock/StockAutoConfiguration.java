package io.seckill.stock;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * The stock connection and ledger. When {@code seckill.redis.stock.host} is set, the stock connection is its own
 * Lettuce client (not a {@link RedisConnectionFactory} bean, so Boot's own factory stays the {@code cache}
 * connection); otherwise both share Boot's factory.
 */
@AutoConfiguration(afterName = "org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration")
@EnableConfigurationProperties(StockAutoConfiguration.StockRedisProperties.class)
public class StockAutoConfiguration {

    @ConfigurationProperties("seckill.redis.stock")
    public record StockRedisProperties(String host, Integer port, String password, Integer database) {
    }

    @Bean
    @ConditionalOnMissingBean
    public StockRedis stockRedis(StockRedisProperties properties, ObjectProvider<RedisConnectionFactory> shared) {
        if (properties.host() == null || properties.host().isBlank()) {
            return new StockRedis(shared.getObject(), false);
        }
        RedisStandaloneConfiguration server = new RedisStandaloneConfiguration(properties.host(),
                properties.port() == null ? 6379 : properties.port());
        if (properties.password() != null && !properties.password().isBlank()) {
            server.setPassword(properties.password());
        }
        if (properties.database() != null) {
            server.setDatabase(properties.database());
        }
        LettuceConnectionFactory own = new LettuceConnectionFactory(server);
        own.afterPropertiesSet();
        own.start();
        return new StockRedis(own, true);
    }

    @Bean
    @ConditionalOnMissingBean
    public StockLedger stockLedger(StockRedis stockRedis) {
        return new StockLedger(stockRedis);
    }
}

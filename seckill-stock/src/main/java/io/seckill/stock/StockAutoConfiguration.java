package io.seckill.stock;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.resource.ClientResources;
import java.time.Duration;
import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettucePoolingClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * The stock connection and ledger. When {@code seckill.redis.stock.host} is set, the stock connection is its own
 * Lettuce client (not a {@link RedisConnectionFactory} bean, so Boot's own factory stays the {@code cache}
 * connection); otherwise both share Boot's factory.
 */
@AutoConfiguration(afterName = "org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration")
@EnableConfigurationProperties(StockAutoConfiguration.StockRedisProperties.class)
public class StockAutoConfiguration {

    /**
     * @param timeout        command timeout: a stock Redis that does not answer must become a prompt 503
     * @param connectTimeout how long to wait for a connection
     */
    @ConfigurationProperties("seckill.redis.stock")
    public record StockRedisProperties(String host, Integer port, String password, Integer database,
                                       Duration timeout, Duration connectTimeout) {
        public StockRedisProperties {
            timeout = timeout == null ? Duration.ofSeconds(2) : timeout;
            connectTimeout = connectTimeout == null ? Duration.ofSeconds(1) : connectTimeout;
        }
    }

    @Bean
    @ConditionalOnMissingBean
    public StockRedis stockRedis(StockRedisProperties properties, ObjectProvider<RedisConnectionFactory> shared,
                                 ObjectProvider<ClientResources> resources) {
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
        // Pooled like Boot's own factory: pipelines borrow a dedicated connection instead of opening one each.
        GenericObjectPoolConfig<StatefulConnection<?, ?>> pool = new GenericObjectPoolConfig<>();
        pool.setMaxTotal(16);
        pool.setMaxIdle(16);
        pool.setMaxWait(properties.connectTimeout().plus(properties.timeout()));
        LettucePoolingClientConfiguration.LettucePoolingClientConfigurationBuilder builder = LettucePoolingClientConfiguration.builder();
        // Boot's client resources (event loops, and the kernel's consolidated flushes), not a second set of them.
        resources.ifAvailable(builder::clientResources);
        LettuceClientConfiguration client = builder
                .poolConfig(pool)
                .commandTimeout(properties.timeout())
                .clientOptions(ClientOptions.builder()
                        .socketOptions(SocketOptions.builder().connectTimeout(properties.connectTimeout()).build())
                        // Fail at once while disconnected instead of queueing commands until the timeout.
                        .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                        .build())
                .build();
        LettuceConnectionFactory own = new LettuceConnectionFactory(server, client);
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

package io.seckill.seckillapi.attempt;

import io.seckill.kernel.redis.Subscriptions;
import io.seckill.stock.StockKeys;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;

/** Subscribes the local sold-out board to {@code seckill:soldout}, so every instance learns it at once. */
@Configuration(proxyBeanMethods = false)
class SoldOutSubscription {

    @Bean
    RedisMessageListenerContainer soldOutListener(RedisConnectionFactory redis, SoldOutBoard board) {
        return Subscriptions.container(redis, board, StockKeys.SOLD_OUT_CHANNEL);
    }
}

package io.seckill.order.pipeline;

import io.seckill.tx.Participant;
import io.seckill.tx.TccFence;
import io.seckill.tx.TransactionCoordinator;
import io.seckill.tx.TxLog;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.EnableScheduling;

/** The coordinator with the two branches of an order, its log and the fence. */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
class PipelineConfiguration {

    @Bean
    TccFence tccFence(JdbcClient jdbc) {
        return new TccFence(jdbc);
    }

    @Bean
    TxLog txLog(StringRedisTemplate redis, JdbcClient jdbc, Clock clock) {
        return new TxLog(redis, jdbc, clock);
    }

    @Bean
    TransactionCoordinator transactionCoordinator(TxLog txLog, List<Participant> participants, Clock clock,
                                                  @Value("${seckill.tx.deadline:300s}") Duration deadline) {
        return new TransactionCoordinator(txLog, participants, clock, deadline);
    }
}

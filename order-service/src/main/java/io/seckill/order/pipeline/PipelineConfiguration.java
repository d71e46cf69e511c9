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
    TxLog txLog(StringRedisTemplate redis, JdbcClient jdbc, Clock clock,
                @Value("${seckill.tx.final-mirror-ttl:7d}") Duration finalMirrorTtl) {
        return new TxLog(redis, jdbc, clock, finalMirrorTtl);
    }

    /** The hanging deadline is read from the runtime settings at every begin; checkpoints feed the metrics. */
    @Bean
    TransactionCoordinator transactionCoordinator(TxLog txLog, List<Participant> participants, Clock clock,
                                                  PipelineSettings settings, TransactionMetrics metrics,
                                                  CrashPoints crashPoints) {
        return new TransactionCoordinator(txLog, participants, clock, settings::hangingDeadline, (txId, point, branch) -> {
            metrics.reached(txId, point);
            crashPoints.reached(txId, point, branch);
        });
    }

    /** No-op in production; the crash-point test puts a {@code @Primary} one in its place. */
    @Bean
    CrashPoints crashPoints() {
        return CrashPoints.NONE;
    }
}

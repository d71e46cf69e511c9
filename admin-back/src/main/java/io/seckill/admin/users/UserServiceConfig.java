package io.seckill.admin.users;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.micrometer.core.instrument.MeterRegistry;
import io.seckill.user.contract.v1.UserServiceGrpc;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The channel to user-service and the Resilience4j circuit breaker around it, built as user-api builds its own
 * (UserClientConfig there). Not shared code: user-api's client maps to its login needs, this one to the console's;
 * only these few lines of wiring repeat. No channel-level retry: the console's reads are one click, and the
 * status changes must not be replayed blindly.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(UserServiceProperties.class)
class UserServiceConfig {

    @Bean(destroyMethod = "shutdownNow")
    ManagedChannel userServiceChannel(UserServiceProperties properties) {
        return NettyChannelBuilder.forTarget(properties.address()).usePlaintext().build();
    }

    @Bean
    CircuitBreaker userServiceCircuitBreaker(UserServiceProperties properties, MeterRegistry meters) {
        CircuitBreakerRegistry registry = CircuitBreakerRegistry.of(CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(properties.slidingWindowSize())
                .minimumNumberOfCalls(properties.minimumCalls())
                .failureRateThreshold(properties.failureRateThreshold())
                .waitDurationInOpenState(properties.openFor())
                .permittedNumberOfCallsInHalfOpenState(2)
                .recordException(e -> e instanceof StatusRuntimeException)
                .build());
        TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(registry).bindTo(meters);
        return registry.circuitBreaker("user-service");
    }

    @Bean
    CustomerDirectory customerDirectory(ManagedChannel userServiceChannel, CircuitBreaker userServiceCircuitBreaker,
                                        UserServiceProperties properties) {
        return new CustomerDirectory(UserServiceGrpc.newBlockingStub(userServiceChannel), userServiceCircuitBreaker,
                properties.deadline());
    }
}

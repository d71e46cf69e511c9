package io.seckill.user.api.userclient;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.micrometer.core.instrument.MeterRegistry;
import io.seckill.user.contract.v1.UserServiceGrpc;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The channel to user-service, its retry policy and the circuit breaker around it. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(UserClientProperties.class)
class UserClientConfig {

    /** Only these are retried: reads with no side effect. CreateUser, VerifyPassword, UpdateStatus never are. */
    static final List<String> IDEMPOTENT_READS = List.of("GetUser", "FindByMobile", "ListUsers");

    @Bean(destroyMethod = "shutdownNow")
    ManagedChannel userServiceChannel(UserClientProperties properties) {
        return NettyChannelBuilder.forTarget(properties.address())
                .usePlaintext()
                .defaultServiceConfig(serviceConfig(properties.readAttempts()))
                .enableRetry()
                .build();
    }

    @Bean
    CircuitBreaker userServiceCircuitBreaker(UserClientProperties properties, MeterRegistry meters) {
        CircuitBreakerRegistry registry = CircuitBreakerRegistry.of(CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(properties.slidingWindowSize())
                .minimumNumberOfCalls(properties.minimumCalls())
                .failureRateThreshold(properties.failureRateThreshold())
                .waitDurationInOpenState(properties.openFor())
                .permittedNumberOfCallsInHalfOpenState(2)
                .automaticTransitionFromOpenToHalfOpenEnabled(false)
                .recordException(e -> e instanceof StatusRuntimeException)
                .build());
        TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(registry).bindTo(meters);
        return registry.circuitBreaker("user-service");
    }

    @Bean
    UserServiceClient userServiceClient(ManagedChannel userServiceChannel, CircuitBreaker userServiceCircuitBreaker,
                                        UserClientProperties properties) {
        return new UserServiceClient(UserServiceGrpc.newBlockingStub(userServiceChannel), userServiceCircuitBreaker,
                properties.deadline(), Duration.ofSeconds(1));
    }

    /** grpc-java's service config: numbers must be doubles, durations strings in seconds. */
    static Map<String, Object> serviceConfig(int readAttempts) {
        if (readAttempts <= 1) {
            return Map.of();
        }
        List<Map<String, Object>> names = IDEMPOTENT_READS.stream()
                .map(method -> Map.<String, Object>of("service", UserServiceGrpc.SERVICE_NAME, "method", method))
                .toList();
        Map<String, Object> retryPolicy = Map.of(
                "maxAttempts", (double) readAttempts,
                "initialBackoff", "0.05s",
                "maxBackoff", "0.5s",
                "backoffMultiplier", 2.0,
                "retryableStatusCodes", List.of("UNAVAILABLE"));
        return Map.of("methodConfig", List.of(Map.of("name", names, "retryPolicy", retryPolicy)));
    }
}

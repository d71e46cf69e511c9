package io.seckill.admin.users;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code seckill.user-service.*}: how admin-back reaches user-service over gRPC (the same names as user-api's).
 *
 * @param address              gRPC target {@code host:port} (env {@code SECKILL_USERSERVICE_ADDRESS})
 * @param deadline             every call's deadline
 * @param failureRateThreshold percentage of failed calls (unavailable, timed out) that opens the circuit
 * @param openFor              how long an open circuit answers 503 at once before it lets calls probe again
 */
@ConfigurationProperties("seckill.user-service")
record UserServiceProperties(@DefaultValue("127.0.0.1:9090") String address,
                             @DefaultValue("2s") Duration deadline,
                             @DefaultValue("50") float failureRateThreshold,
                             @DefaultValue("10") int slidingWindowSize,
                             @DefaultValue("5") int minimumCalls,
                             @DefaultValue("10s") Duration openFor) {
}

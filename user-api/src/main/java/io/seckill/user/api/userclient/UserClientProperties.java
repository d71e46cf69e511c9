package io.seckill.user.api.userclient;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code seckill.user-service.*}: how user-api reaches user-service over gRPC.
 *
 * @param address              gRPC target, {@code host:port} or any grpc-java target URI
 *                             (env {@code SECKILL_USERSERVICE_ADDRESS})
 * @param deadline             every call's deadline; a BCrypt check takes ~60 ms, so seconds are plenty
 * @param readAttempts         attempts for the idempotent reads (GetUser, FindByMobile, ListUsers) on UNAVAILABLE;
 *                             writes and password checks are never retried
 * @param failureRateThreshold percentage of failed calls (unavailable, timed out) that opens the circuit
 * @param openFor              how long an open circuit answers 503 at once before it lets a few calls probe again
 */
@ConfigurationProperties("seckill.user-service")
public record UserClientProperties(@DefaultValue("127.0.0.1:9090") String address,
                                   @DefaultValue("2s") Duration deadline,
                                   @DefaultValue("3") int readAttempts,
                                   @DefaultValue("50") float failureRateThreshold,
                                   @DefaultValue("20") int slidingWindowSize,
                                   @DefaultValue("5") int minimumCalls,
                                   @DefaultValue("5s") Duration openFor) {
}

package io.seckill.user.api.userclient;

import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import java.util.concurrent.TimeUnit;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * {@code /actuator/health} includes user-service ({@code grpc.health.v1} over the channel the calls use), as it
 * includes Redis: login, registration and the profile all go through it, so "UP" without it would be the wrong
 * answer. Asking also connects the channel: grpc-java connects lazily, and on a cold stack the first login paid
 * ~1.4 s of connecting inside its 2 s deadline and was answered 503 by a stack that had just said it was up. Like
 * Spring's own dependency indicators it is part of the overall health, not of the readiness group.
 */
@Component("userServiceHealthIndicator")
class UserServiceHealth implements HealthIndicator {

    private static final long DEADLINE_MS = 1_000;
    private final HealthGrpc.HealthBlockingStub health;

    UserServiceHealth(ManagedChannel userServiceChannel) {
        this.health = HealthGrpc.newBlockingStub(userServiceChannel);
    }

    @Override
    public Health health() {
        try {
            // waitForReady: a channel still connecting (or backing off after user-service was down) is waited for
            // within the deadline instead of failing at once.
            HealthCheckResponse answer = health.withWaitForReady().withDeadlineAfter(DEADLINE_MS, TimeUnit.MILLISECONDS)
                    .check(HealthCheckRequest.getDefaultInstance());
            return answer.getStatus() == HealthCheckResponse.ServingStatus.SERVING
                    ? Health.up().build()
                    : Health.down().withDetail("status", answer.getStatus().name()).build();
        } catch (StatusRuntimeException e) {
            return Health.down().withDetail("code", e.getStatus().getCode().name()).build();
        }
    }
}

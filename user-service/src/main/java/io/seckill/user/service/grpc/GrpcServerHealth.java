package io.seckill.user.service.grpc;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * {@code /actuator/health} includes the gRPC server: user-service's API is gRPC, so an HTTP "UP" while the gRPC
 * port is closed would send the dev stack and orchestrators the wrong answer.
 */
@Component("grpcServerHealthIndicator")
class GrpcServerHealth implements HealthIndicator {

    private final GrpcServer server;

    GrpcServerHealth(GrpcServer server) {
        this.server = server;
    }

    @Override
    public Health health() {
        try {
            return Health.up().withDetail("port", server.port()).build();
        } catch (IllegalStateException notRunning) {
            return Health.down().build();
        }
    }
}

package io.seckill.user.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.seckill.infra.embedded.ServiceChecks;
import io.seckill.infra.embedded.WithEmbeddedInfra;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

@WithEmbeddedInfra
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "seckill.grpc.server.port=0")
class UserServiceApplicationTest {

    @LocalServerPort
    int port;

    @Test
    void servesHealthMetricsAndProblemJsonAsEveryServiceMust() {
        ServiceChecks.assertServiceContract("http://localhost:" + port, "user-service");
    }

    @Autowired
    Map<String, HealthIndicator> healthIndicators;

    @Test
    void includesTheGrpcServerInItsHealth() {
        // Health details are hidden over HTTP (kernel defaults), so the indicator is asked directly.
        assertThat(healthIndicators.get("grpcServerHealthIndicator").health().getStatus()).isEqualTo(Status.UP);
    }
}

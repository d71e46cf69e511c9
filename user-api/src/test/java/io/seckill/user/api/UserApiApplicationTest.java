package io.seckill.user.api;

import io.seckill.infra.embedded.ServiceChecks;
import org.junit.jupiter.api.Test;

class UserApiApplicationTest extends UserApiIntegrationTest {

    @Test
    void servesHealthMetricsAndProblemJsonAsEveryServiceMust() {
        ServiceChecks.assertServiceContract("http://localhost:" + port, "user-api");
    }
}

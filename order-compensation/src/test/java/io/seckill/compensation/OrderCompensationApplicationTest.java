package io.seckill.compensation;

import static org.assertj.core.api.Assertions.assertThat;

import io.seckill.infra.embedded.ServiceChecks;
import io.seckill.infra.embedded.WithEmbeddedInfra;
import io.seckill.kernel.kafka.ProducerWarmUp;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

@WithEmbeddedInfra
// Listeners off: this context must not share the compensation consumer group with the tests that drive it.
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "spring.kafka.listener.auto-startup=false")
class OrderCompensationApplicationTest {

    @LocalServerPort
    int port;

    @Autowired
    ProducerWarmUp producerWarmUp;

    @Test
    void servesHealthMetricsAndProblemJsonAsEveryServiceMust() {
        ServiceChecks.assertServiceContract("http://localhost:" + port, "order-compensation");
    }

    /** Its producer knows the topics it sends to before the instance is ready (the kernel's ProducerWarmUp). */
    @Test
    void theProducerIsWarmBeforeTheInstanceIsReady() {
        assertThat(producerWarmUp.topics()).containsExactlyInAnyOrder("seckill.order.create", "seckill.order.compensation-retry-10s",
                "seckill.order.compensation-retry-30s", "seckill.order.compensation-retry-60s", "compensation_dlq");
        assertThat(producerWarmUp.ready()).isTrue();
    }
}

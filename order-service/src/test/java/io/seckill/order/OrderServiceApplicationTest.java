package io.seckill.order;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.seckill.infra.embedded.ServiceChecks;
import io.seckill.infra.embedded.WithEmbeddedInfra;
import java.time.Duration;
import io.seckill.kernel.kafka.ProducerWarmUp;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

@WithEmbeddedInfra
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class OrderServiceApplicationTest {

    @LocalServerPort
    int port;

    @Autowired
    ProducerWarmUp producerWarmUp;

    @Test
    void servesHealthMetricsAndProblemJsonAsEveryServiceMust() {
        ServiceChecks.assertServiceContract("http://localhost:" + port, "order-service");
    }

    @Test
    void exportsTheTransactionOrderAndConsumerLagMetrics() {
        String url = "http://localhost:" + port + "/actuator/prometheus";
        String metrics = ServiceChecks.get(url).body();
        assertThat(metrics)
                .contains("order_tx_outcome_total{application=\"order-service\",outcome=\"committed\"}")
                .contains("order_tx_outcome_total{application=\"order-service\",outcome=\"rolled_back\"}")
                .contains("order_tx_success_ratio{")
                .contains("order_tx_prepared_to_committed_seconds_bucket{")
                .contains("order_tx_hanging{")
                .contains("order_orders{application=\"order-service\",status=\"AWAITING_PAYMENT\"}");
        await().atMost(Duration.ofSeconds(30)).until(() ->
                ServiceChecks.get(url).body().contains("kafka_consumer_fetch_manager_records_lag"));
    }

    /** Its producer knows the topics it sends to before the instance is ready (the kernel's ProducerWarmUp). */
    @Test
    void theProducerIsWarmBeforeTheInstanceIsReady() {
        assertThat(producerWarmUp.topics()).containsExactlyInAnyOrder("seckill.order.events", "seckill.order.compensation");
        assertThat(producerWarmUp.ready()).isTrue();
    }
}

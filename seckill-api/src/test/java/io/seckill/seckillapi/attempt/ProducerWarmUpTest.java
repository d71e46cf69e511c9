package io.seckill.seckillapi.attempt;

import static org.assertj.core.api.Assertions.assertThat;

import io.seckill.infra.embedded.TestTokens;
import io.seckill.infra.embedded.WithEmbeddedInfra;
import io.seckill.kernel.kafka.ProducerWarmUp;
import io.seckill.seckillapi.support.Catalog;
import io.seckill.seckillapi.support.ServiceTest;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.kafka.autoconfigure.DefaultKafkaProducerFactoryCustomizer;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.event.EventListener;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.test.context.ActiveProfiles;

/**
 * seckill-api's Kafka producer exists and knows the topic before the instance reports ready, so the sale's first accepted
 * attempts do not wait on it. This class has a context of its own, so nothing has sent before its test runs.
 */
@WithEmbeddedInfra
@ActiveProfiles("dev")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(ProducerWarmUpTest.Producers.class)
class ProducerWarmUpTest extends ServiceTest {

    @Autowired
    Producers producers;

    @Autowired
    ProducerWarmUp warmUp;

    @Autowired
    ProducerFactory<String, String> producerFactory;

    @Test
    void theProducerKnowsTheTopicBeforeTheInstanceIsReadyAndTheAttemptsUseIt() {
        assertThat(producers.createdBeforeReady).as("producers created before ApplicationReadyEvent").isEqualTo(1);
        assertThat(warmUp.ready()).isTrue();
        assertThat(warmUp.topics()).containsExactly(ReservationCreated.TOPIC);

        long activity = catalog().liveActivity(5, 1);
        assertThat(http().buyOne(activity, TestTokens.customerToken(Catalog.nextId())).status()).isEqualTo(202);
        assertThat(producers.created).as("the attempt sent through the warmed producer").hasSize(1);
    }

    @Test
    void theProducerKeepsTheTopicThroughTheIdleHoursBeforeASale() {
        Object idle = producerFactory.getConfigurationProperties().get(ProducerConfig.METADATA_MAX_IDLE_CONFIG);
        assertThat(Long.parseLong(idle.toString())).isGreaterThanOrEqualTo(Duration.ofDays(7).toMillis());
    }

    /** Records every producer the factory creates, and how many existed when the instance became ready. */
    @TestConfiguration(proxyBeanMethods = false)
    static class Producers {

        final List<String> created = new CopyOnWriteArrayList<>();
        volatile int createdBeforeReady = -1;

        @Bean
        @SuppressWarnings("unchecked")
        DefaultKafkaProducerFactoryCustomizer recordProducers() {
            return factory -> ((DefaultKafkaProducerFactory<Object, Object>) factory).addListener(new ProducerFactory.Listener<Object, Object>() {
                @Override
                public void producerAdded(String id, Producer<Object, Object> producer) {
                    created.add(id);
                }
            });
        }

        @EventListener(ApplicationReadyEvent.class)
        void ready() {
            createdBeforeReady = created.size();
        }
    }
}

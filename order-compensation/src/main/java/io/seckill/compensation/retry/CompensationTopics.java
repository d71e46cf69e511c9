package io.seckill.compensation.retry;

import java.util.List;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.FixedBackOff;

/** The topics of DESIGN.md §5/§9 and the consumer group that reads them. */
@Configuration(proxyBeanMethods = false)
public class CompensationTopics {

    public static final String MAIN = "seckill.order.compensation";
    /** The retry tiers in order; their delays come from {@code compensation.retry-intervals-seconds}. */
    public static final List<String> TIERS = List.of(MAIN + "-retry-10s", MAIN + "-retry-30s", MAIN + "-retry-60s");
    public static final String DLQ = "compensation_dlq";
    public static final String GROUP = "order-compensation";
    /** Failed attempts so far; absent on a message order-service just handed over. */
    public static final String ATTEMPTS_HEADER = "x-compensation-attempts";
    public static final String ERROR_HEADER = "x-compensation-error";

    @Bean
    KafkaAdmin.NewTopics compensationTopicDefinitions() {
        return new KafkaAdmin.NewTopics(topic(MAIN), topic(TIERS.get(0)), topic(TIERS.get(1)), topic(TIERS.get(2)), topic(DLQ));
    }

    /**
     * A listener that cannot forward or record an outcome (Kafka or the archive down) keeps retrying the same
     * record instead of skipping it: skipping would commit the offset of a message that went nowhere.
     */
    @Bean
    DefaultErrorHandler compensationErrorHandler() {
        return new DefaultErrorHandler(new FixedBackOff(1000, FixedBackOff.UNLIMITED_ATTEMPTS));
    }

    private static NewTopic topic(String name) {
        return TopicBuilder.name(name).partitions(3).build();
    }
}

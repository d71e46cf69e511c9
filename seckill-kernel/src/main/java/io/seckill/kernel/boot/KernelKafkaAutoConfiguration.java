package io.seckill.kernel.boot;

import io.seckill.kernel.kafka.ProducerWarmUp;
import java.util.List;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.kafka.core.KafkaTemplate;

/** The producer warm-up ({@link ProducerWarmUp}) of the services that send to Kafka and name their topics. */
@AutoConfiguration(afterName = "org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration")
@ConditionalOnClass(KafkaTemplate.class)
public class KernelKafkaAutoConfiguration {

    @Bean
    @ConditionalOnBean(KafkaTemplate.class)
    @ConditionalOnProperty("seckill.kafka.warm-up-topics")
    public ProducerWarmUp producerWarmUp(KafkaTemplate<?, ?> kafka, Environment environment) {
        List<String> topics = Binder.get(environment)
                .bind("seckill.kafka.warm-up-topics", Bindable.listOf(String.class)).orElse(List.of());
        return new ProducerWarmUp(kafka, topics.stream().map(String::trim).filter(t -> !t.isEmpty()).toList());
    }
}

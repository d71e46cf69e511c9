package io.seckill.compensation.retry;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * {@code compensation_dlq_backlog}: messages in {@code compensation_dlq} not yet consumed by this service's
 * group (end offsets − committed offsets), our own lag gauge next to kafka-exporter's (DESIGN.md §11).
 */
@Component
class DlqBacklog implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(DlqBacklog.class);

    private final Admin admin;
    private final AtomicLong backlog = new AtomicLong();

    DlqBacklog(KafkaAdmin kafkaAdmin, MeterRegistry meters) {
        this.admin = Admin.create(kafkaAdmin.getConfigurationProperties());
        Gauge.builder("compensation.dlq.backlog", backlog, AtomicLong::get)
                .description("messages in compensation_dlq not yet consumed").register(meters);
    }

    @Scheduled(fixedDelayString = "${seckill.compensation.dlq-backlog-interval:15s}")
    void measure() {
        try {
            backlog.set(measureNow());
        } catch (Exception e) {
            log.warn("DLQ backlog not measured: {}", e.toString());
        }
    }

    long measureNow() throws Exception {
        var partitions = admin.describeTopics(java.util.List.of(CompensationTopics.DLQ)).allTopicNames().get(5, TimeUnit.SECONDS)
                .get(CompensationTopics.DLQ).partitions().stream()
                .map(p -> new TopicPartition(CompensationTopics.DLQ, p.partition())).toList();
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = admin.listOffsets(
                partitions.stream().collect(Collectors.toMap(p -> p, p -> OffsetSpec.latest()))).all().get(5, TimeUnit.SECONDS);
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(CompensationTopics.GROUP)
                .partitionsToOffsetAndMetadata().get(5, TimeUnit.SECONDS);
        long total = 0;
        for (TopicPartition p : partitions) {
            OffsetAndMetadata done = committed.get(p);
            total += ends.get(p).offset() - (done == null ? 0 : done.offset());
        }
        return total;
    }

    @Override
    public void destroy() {
        admin.close();
    }
}

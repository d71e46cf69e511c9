package io.seckill.infra.embedded;

import java.util.List;

/** The topics of DESIGN.md §9, pre-created by the embedded broker so the first message never waits on creation. */
public final class KafkaTopics {

    public static final String ORDER_CREATE = "seckill.order.create";
    public static final String COMPENSATION = "seckill.order.compensation";
    public static final String COMPENSATION_DLQ = "compensation_dlq";
    public static final String ORDER_EVENTS = "seckill.order.events";

    public static final List<String> ALL = List.of(
            ORDER_CREATE,
            COMPENSATION,
            COMPENSATION + "-retry-10s",
            COMPENSATION + "-retry-30s",
            COMPENSATION + "-retry-60s",
            COMPENSATION_DLQ,
            ORDER_EVENTS);

    private KafkaTopics() {
    }
}

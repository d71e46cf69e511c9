package io.seckill.order.orders;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.seckill.kernel.money.Money;
import java.time.Instant;

/** An order as its buyer sees it (DESIGN.md §12 shape); ids are strings. */
@JsonInclude(JsonInclude.Include.NON_NULL)
record Order(String id, String reservationId, String activityId, int quantity, Money price, String status,
             Instant createdAt, Instant payDeadline, Instant paidAt, Instant cancelledAt, String cancelReason) {
}

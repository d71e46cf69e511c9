package io.seckill.order.orders;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Cancels orders whose payment window has passed (reason TIMEOUT), units back to MySQL and Redis. Safe with
 * several instances: the conditional update lets one of them win each order; a late payment then gets 409.
 */
@Component
class PaymentTimeout {

    private static final Logger log = LoggerFactory.getLogger(PaymentTimeout.class);

    private final Orders orders;

    PaymentTimeout(Orders orders) {
        this.orders = orders;
    }

    @Scheduled(fixedDelayString = "${seckill.order.timeout-scan-interval:5s}")
    void cancelOverdue() {
        try {
            for (long orderId : orders.overdue(200)) {
                if (orders.cancel(orderId, "TIMEOUT")) {
                    log.info("order {} cancelled: payment window passed", orderId);
                }
            }
        } catch (RuntimeException e) {
            log.warn("payment-timeout scan paused: {}", e.toString());
        }
    }
}

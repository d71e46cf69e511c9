package io.seckill.seckillapi.activity.domain;

import io.seckill.kernel.money.Money;
import java.time.Instant;

/**
 * A flash-sale activity as customers see it (the admin backend owns and writes it).
 *
 * @param storedStatus the status the admin backend recorded (DRAFT, SCHEDULED, LIVE, ENDED, CANCELLED)
 */
public record Activity(long id, long productId, String title, String productName, String description,
                       String imageUrl, Money originalPrice, Money seckillPrice, int totalStock,
                       int perUserLimit, Instant startTime, Instant endTime, String storedStatus) {

    /**
     * The status at {@code now}: a scheduled or live activity is SCHEDULED before its start, LIVE inside its
     * window and ENDED after it, whatever the admin backend's scheduler has recorded so far.
     */
    public String statusAt(Instant now) {
        if (!"SCHEDULED".equals(storedStatus) && !"LIVE".equals(storedStatus)) {
            return storedStatus;
        }
        if (now.isBefore(startTime)) {
            return "SCHEDULED";
        }
        return now.isBefore(endTime) ? "LIVE" : "ENDED";
    }
}

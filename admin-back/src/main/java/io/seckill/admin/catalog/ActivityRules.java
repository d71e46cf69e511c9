package io.seckill.admin.catalog;

import io.seckill.admin.web.FieldErrors;
import io.seckill.kernel.money.Money;
import java.time.Instant;
import java.util.Objects;

/** The rules of an activity that SQL alone cannot hold (DESIGN.md §7, issue #4 "Catalog"); no Spring, no I/O. */
final class ActivityRules {

    static final int MAX_STOCK = 1_000_000;

    /** What an admin may set on an activity. */
    record Terms(long productId, String title, Money seckillPrice, int totalStock, int perUserLimit, Instant start,
                 Instant end) {
    }

    private ActivityRules() {
    }

    /** Every field rule at once, so the admin sees all mistakes in one answer. */
    static FieldErrors check(Terms terms, Money originalPrice) {
        FieldErrors errors = new FieldErrors()
                .check(terms.totalStock() >= 1 && terms.totalStock() <= MAX_STOCK, "totalStock", "must be between 1 and 1,000,000")
                .check(terms.perUserLimit() >= 1, "perUserLimit", "must be at least 1")
                .check(terms.perUserLimit() <= terms.totalStock(), "perUserLimit", "must not exceed totalStock")
                .check(terms.end().isAfter(terms.start()), "endTime", "must be after startTime")
                .check(!terms.seckillPrice().isNegative(), "seckillPrice", "must not be negative");
        if (originalPrice != null) {
            errors.check(!terms.seckillPrice().isGreaterThan(originalPrice), "seckillPrice",
                    "must not exceed the product's original price " + originalPrice);
        }
        return errors;
    }

    /**
     * The status at {@code now}, as seckill-api shows it: a SCHEDULED or LIVE activity is SCHEDULED before its start,
     * LIVE inside its window and ENDED after it; DRAFT, ENDED and CANCELLED are what was stored.
     */
    static String statusAt(String stored, Instant start, Instant end, Instant now) {
        if (!"SCHEDULED".equals(stored) && !"LIVE".equals(stored)) {
            return stored;
        }
        if (now.isBefore(start)) {
            return "SCHEDULED";
        }
        return now.isBefore(end) ? "LIVE" : "ENDED";
    }

    /** While live, buyers hold reservations against these terms: only the title may change. */
    static boolean changesSaleTerms(Terms current, Terms wanted) {
        return current.productId() != wanted.productId()
                || !current.seckillPrice().equals(wanted.seckillPrice())
                || current.totalStock() != wanted.totalStock()
                || current.perUserLimit() != wanted.perUserLimit()
                || !current.start().equals(wanted.start())
                || !Objects.equals(current.end(), wanted.end());
    }

    static boolean isClosed(String status) {
        return "ENDED".equals(status) || "CANCELLED".equals(status);
    }
}

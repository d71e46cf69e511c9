package io.seckill.compensation.archive;

import java.time.Instant;

/** One row of the failed-order archive (DESIGN.md §5): the last place an accepted reservation can be. */
public record ArchivedOrder(long id, long reservationId, Long activityId, Long userId, Integer quantity, String payload,
                            String lastError, int retries, Status status, Instant createdAt, Instant updatedAt,
                            Instant resolvedAt, String resolvedBy) {

    /** UNRESOLVED and RETRYING hold their units out of the stock ledger; RESOLVED and ROLLED_BACK are final. */
    public enum Status {
        UNRESOLVED, RETRYING, RESOLVED, ROLLED_BACK;

        public boolean isFinal() {
            return this == RESOLVED || this == ROLLED_BACK;
        }
    }

    ArchivedOrder withStatus(Status next, String error, int addRetries, Instant now, String by) {
        return new ArchivedOrder(id, reservationId, activityId, userId, quantity, payload, error == null ? lastError : error,
                retries + addRetries, next, createdAt, now, next.isFinal() ? now : null, next.isFinal() ? by : null);
    }
}

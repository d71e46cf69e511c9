package io.seckill.compensation.archive;

import io.seckill.compensation.attempt.Compensator;
import io.seckill.compensation.retry.CompensationMessage;
import io.seckill.kernel.error.ApiException;
import org.springframework.stereotype.Component;

/**
 * A manual retry of one archived reservation: order-service finishes or rolls it back (its coordinator and fences
 * make the stock move exactly once). Idempotent: a final row is returned as it is, without calling anyone; a row
 * another retry holds (RETRYING) is a 409.
 */
@Component
class ArchiveRetrier {

    private final ArchiveStore archives;
    private final Compensator compensator;

    ArchiveRetrier(ArchiveStore archives, Compensator compensator) {
        this.archives = archives;
        this.compensator = compensator;
    }

    ArchivedOrder retry(long id, String by) {
        ArchivedOrder row = archives.find(id).orElseThrow(() -> ApiException.notFound("archive " + id));
        if (row.status().isFinal()) {
            return row;
        }
        if (!archives.startRetry(id)) {
            ArchivedOrder now = archives.find(id).orElseThrow();
            if (now.status().isFinal()) {
                return now;
            }
            throw ApiException.conflict("archive " + id + " is being retried");
        }
        Compensator.Result result = compensator.attempt(CompensationMessage.archived(row.reservationId(), row.payload()),
                row.retries() + 2, "MANUAL");
        if (result.ok()) {
            archives.resolve(id, "COMMITTED".equals(result.outcome()) ? ArchivedOrder.Status.RESOLVED : ArchivedOrder.Status.ROLLED_BACK, by);
        } else {
            archives.retryFailed(id, result.error());
        }
        return archives.find(id).orElseThrow();
    }
}

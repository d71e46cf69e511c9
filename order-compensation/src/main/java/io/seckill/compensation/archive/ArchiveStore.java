package io.seckill.compensation.archive;

import io.seckill.compensation.retry.CompensationMessage;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The failed-order archive: MySQL {@code failed_order_archives} (default) or a JSON-lines file
 * ({@code seckill.compensation.archive.backend=file}). One row per reservation, however often it is archived.
 */
public interface ArchiveStore {

    /** Which rows a list or an export takes; null fields do not filter. */
    record Filter(ArchivedOrder.Status status, Long activityId, Long reservationId, Instant from, Instant to) {
        public static final Filter ALL = new Filter(null, null, null, null, null);
    }

    record Page(List<ArchivedOrder> items, int page, int size, long total) {
    }

    /** @return true when a new row was created (false: the reservation was archived before, nothing changed) */
    boolean archive(CompensationMessage message, int retries, String lastError);

    Optional<ArchivedOrder> find(long id);

    Optional<ArchivedOrder> findByReservation(long reservationId);

    /** Newest first. */
    Page page(Filter filter, int page, int size);

    /** Every matching row, oldest first, handed over one at a time (the export streams; nothing is collected). */
    void forEach(Filter filter, Consumer<ArchivedOrder> row);

    /** UNRESOLVED → RETRYING; false when another retry holds it or it is final. */
    boolean startRetry(long id);

    /** RETRYING → RESOLVED / ROLLED_BACK. */
    void resolve(long id, ArchivedOrder.Status status, String by);

    /** RETRYING → UNRESOLVED with one more retry counted. */
    void retryFailed(long id, String error);

    /** The open (UNRESOLVED, RETRYING) rows of one activity, for the stock ledger. */
    List<ArchivedOrder> open(long activityId);
}

package io.seckill.compensation.archive;

import java.time.Instant;
import java.util.List;

/** An archive row as the API shows it: 64-bit ids as strings (DESIGN.md §12 clients are JavaScript). */
record ArchiveView(String id, String reservationId, String activityId, String userId, Integer quantity, String status,
                   int retries, String lastError, Instant createdAt, Instant updatedAt, Instant resolvedAt, String resolvedBy,
                   String payload) {

    record Page(List<ArchiveView> items, int page, int size, long total) {
        static Page of(ArchiveStore.Page page) {
            return new Page(page.items().stream().map(ArchiveView::of).toList(), page.page(), page.size(), page.total());
        }
    }

    static ArchiveView of(ArchivedOrder a) {
        return new ArchiveView(Long.toString(a.id()), Long.toString(a.reservationId()), text(a.activityId()), text(a.userId()),
                a.quantity(), a.status().name(), a.retries(), a.lastError(), a.createdAt(), a.updatedAt(), a.resolvedAt(),
                a.resolvedBy(), a.payload());
    }

    private static String text(Long id) {
        return id == null ? null : id.toString();
    }
}

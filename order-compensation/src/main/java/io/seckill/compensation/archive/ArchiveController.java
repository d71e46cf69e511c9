package io.seckill.compensation.archive;

import io.seckill.kernel.audit.AuditTrail;
import io.seckill.kernel.error.ApiException;
import io.seckill.kernel.error.ErrorCode;
import io.seckill.kernel.security.VerifiedToken;
import jakarta.servlet.http.HttpServletRequest;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

/**
 * The failed-order archive console (DESIGN.md §12): list / filter / page ({@code archive:read}), one row, manual
 * retry of one or a batch ({@code archive:retry}, idempotent), and the CSV export ({@code archive:export}),
 * streamed row by row as the store reads them. Every operation is written to {@code audit_log}.
 */
@RestController
class ArchiveController {

    static final int MAX_SIZE = 100;
    static final int MAX_BATCH = 100;

    private final ArchiveStore archives;
    private final ArchiveRetrier retrier;
    private final AuditTrail audit;

    ArchiveController(ArchiveStore archives, ArchiveRetrier retrier, AuditTrail audit) {
        this.archives = archives;
        this.retrier = retrier;
        this.audit = audit;
    }

    /** Ids as strings: a JavaScript client cannot hold a 64-bit id as a number. */
    record BatchRetry(List<String> ids) {
    }

    record BatchResult(List<ArchiveView> items) {
    }

    @GetMapping("/api/admin/archives")
    ArchiveView.Page list(@RequestParam(required = false) String status, @RequestParam(required = false) Long activityId,
                           @RequestParam(required = false) Long reservationId,
                           @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant from,
                           @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant to,
                           @RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "20") int size,
                           HttpServletRequest request) {
        VerifiedToken admin = ArchiveSecurity.admin(request, "archive:read");
        if (page < 0 || size < 1 || size > MAX_SIZE) {
            throw new ApiException(ErrorCode.VALIDATION_FAILED, "page >= 0 and 1 <= size <= " + MAX_SIZE);
        }
        ArchiveStore.Filter filter = new ArchiveStore.Filter(status(status), activityId, reservationId, from, to);
        audit.record(admin, "ARCHIVE_LIST", "archive", null, null, filter + " page=" + page, request.getRemoteAddr());
        return ArchiveView.Page.of(archives.page(filter, page, size));
    }

    @GetMapping("/api/admin/archives/{id}")
    ArchiveView one(@PathVariable long id, HttpServletRequest request) {
        VerifiedToken admin = ArchiveSecurity.admin(request, "archive:read");
        ArchivedOrder row = archives.find(id).orElseThrow(() -> ApiException.notFound("archive " + id));
        audit.record(admin, "ARCHIVE_READ", "archive", Long.toString(id), null, null, request.getRemoteAddr());
        return ArchiveView.of(row);
    }

    @PostMapping("/api/admin/archives/{id}/retry")
    ArchiveView retry(@PathVariable long id, HttpServletRequest request) {
        VerifiedToken admin = ArchiveSecurity.admin(request, "archive:retry");
        return ArchiveView.of(retryAudited(admin, id, request));
    }

    @PostMapping("/api/admin/archives/retry")
    BatchResult retryBatch(@RequestBody BatchRetry body, HttpServletRequest request) {
        VerifiedToken admin = ArchiveSecurity.admin(request, "archive:retry");
        if (body == null || body.ids() == null || body.ids().isEmpty() || body.ids().size() > MAX_BATCH || body.ids().contains(null)) {
            throw new ApiException(ErrorCode.VALIDATION_FAILED, "ids: 1 to " + MAX_BATCH + " archive ids");
        }
        List<Long> ids = new ArrayList<>();
        for (String id : new LinkedHashSet<>(body.ids())) {
            try {
                ids.add(Long.parseLong(id));
            } catch (NumberFormatException e) {
                throw new ApiException(ErrorCode.VALIDATION_FAILED, "ids are archive ids; " + id + " is not one");
            }
        }
        List<ArchiveView> done = new ArrayList<>();
        for (long id : ids) {
            done.add(ArchiveView.of(retryAudited(admin, id, request)));
        }
        return new BatchResult(done);
    }

    @GetMapping("/api/admin/archives/export.csv")
    ResponseEntity<StreamingResponseBody> export(@RequestParam(required = false) String status,
                                                 @RequestParam(required = false) Long activityId,
                                                 @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant from,
                                                 @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant to,
                                                 HttpServletRequest request) {
        VerifiedToken admin = ArchiveSecurity.admin(request, "archive:export");
        ArchiveStore.Filter filter = new ArchiveStore.Filter(status(status), activityId, null, from, to);
        audit.record(admin, "ARCHIVE_EXPORT", "archive", null, null, filter.toString(), request.getRemoteAddr());
        StreamingResponseBody body = stream -> {
            BufferedWriter out = new BufferedWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8), 64 * 1024);
            CsvRows.header(out);
            archives.forEach(filter, row -> {
                try {
                    CsvRows.row(out, row);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            out.flush();
        };
        return ResponseEntity.ok()
                .contentType(new MediaType("text", "csv", StandardCharsets.UTF_8))
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"failed-order-archives.csv\"")
                .body(body);
    }

    private ArchivedOrder retryAudited(VerifiedToken admin, long id, HttpServletRequest request) {
        String before = archives.find(id).map(a -> a.status().name()).orElse(null);
        ArchivedOrder after = retrier.retry(id, "admin:" + admin.subject());
        audit.record(admin, "ARCHIVE_RETRY", "archive", Long.toString(id), "status=" + before, "status=" + after.status(),
                request.getRemoteAddr());
        return after;
    }

    private static ArchivedOrder.Status status(String status) {
        if (status == null) {
            return null;
        }
        try {
            return ArchivedOrder.Status.valueOf(status);
        } catch (IllegalArgumentException e) {
            throw new ApiException(ErrorCode.VALIDATION_FAILED, "status is one of UNRESOLVED, RETRYING, RESOLVED, ROLLED_BACK");
        }
    }
}

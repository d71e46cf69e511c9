package io.seckill.order.admin;

import io.seckill.kernel.audit.AuditTrail;
import io.seckill.kernel.error.ApiException;
import io.seckill.kernel.error.ErrorCode;
import io.seckill.kernel.error.Problem;
import io.seckill.kernel.error.ProblemCode;
import io.seckill.kernel.security.VerifiedToken;
import io.seckill.order.pipeline.FencedTransactions;
import io.seckill.tx.TransactionCoordinator;
import io.seckill.tx.TxLog;
import io.seckill.tx.TxState;
import jakarta.servlet.http.HttpServletRequest;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The 2PC console (DESIGN.md §12): list transactions by state and age (tx:read), one transaction with its
 * branches and fence rows (tx:read), and a manual rollback (tx:rollback) — 409 once the transaction is final or
 * committing. The rollback is recorded in {@code audit_log}.
 */
@RestController
class TransactionAdminController {

    private final JdbcClient jdbc;
    private final TxLog txLog;
    private final TransactionCoordinator coordinator;
    private final AuditTrail audit;
    private final TransactionTemplate local;
    private final Clock clock;
    private final FencedTransactions locks;

    TransactionAdminController(JdbcClient jdbc, TxLog txLog, TransactionCoordinator coordinator, AuditTrail audit,
                               TransactionTemplate local, Clock clock, FencedTransactions locks) {
        this.locks = locks;
        this.jdbc = jdbc;
        this.txLog = txLog;
        this.coordinator = coordinator;
        this.audit = audit;
        this.local = local;
        this.clock = clock;
    }

    static final ProblemCode TX_FINAL = new Problem("TX_FINAL", HttpStatus.CONFLICT, "The transaction can no longer roll back");

    record Tx(String txId, String state, String reservationId, String activityId, String userId, int attempts,
              Instant createdAt, Instant deadline, String lastError) {
    }

    record Fence(String branch, String status, Instant updatedAt) {
    }

    record Detail(Tx transaction, List<String> branches, List<Fence> fences) {
    }

    record Page(List<Tx> items, int page, int size, long total) {
    }

    @GetMapping("/api/admin/transactions")
    Page list(@RequestParam(required = false) String state, @RequestParam(required = false) Long olderThanSeconds,
              @RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "20") int size,
              HttpServletRequest request) {
        AdminSecurity.admin(request, "tx:read");
        OrderAdminController.Paging.check(page, size);
        StringBuilder where = new StringBuilder(" WHERE 1 = 1");
        List<Object> params = new ArrayList<>();
        if (state != null) {
            try {
                params.add(TxState.valueOf(state).name());
            } catch (IllegalArgumentException e) {
                throw new ApiException(ErrorCode.VALIDATION_FAILED, "unknown state " + state);
            }
            where.append(" AND state = ?");
        }
        if (olderThanSeconds != null) {
            if (olderThanSeconds < 0) {
                throw new ApiException(ErrorCode.VALIDATION_FAILED, "olderThanSeconds must not be negative");
            }
            where.append(" AND created_at < ?");
            params.add(Timestamp.from(clock.instant().minusSeconds(olderThanSeconds)));
        }
        long total = jdbc.sql("SELECT COUNT(*) FROM tx_log" + where).params(params).query(Long.class).single();
        List<Object> pageParams = new ArrayList<>(params);
        pageParams.add(size);
        pageParams.add((long) page * size);
        return new Page(jdbc.sql(SELECT + where + " ORDER BY created_at DESC LIMIT ? OFFSET ?").params(pageParams)
                .query(TransactionAdminController::map).list(), page, size, total);
    }

    @GetMapping("/api/admin/transactions/{txId}")
    Detail detail(@PathVariable String txId, HttpServletRequest request) {
        AdminSecurity.admin(request, "tx:read");
        Tx tx = find(txId);
        List<Fence> fences = jdbc.sql("SELECT branch, status, updated_at FROM tcc_fence_log WHERE tx_id = ? ORDER BY branch")
                .param(txId).query((r, n) -> new Fence(r.getString(1), r.getString(2), r.getTimestamp(3).toInstant())).list();
        List<String> branches = txLog.find(txId).map(TxLog.Entry::branches).orElse(List.of());
        return new Detail(tx, branches, fences);
    }

    @PostMapping("/api/admin/transactions/{txId}/rollback")
    Detail rollback(@PathVariable String txId, HttpServletRequest request) {
        VerifiedToken admin = AdminSecurity.admin(request, "tx:rollback");
        Tx before = find(txId);
        if (TxState.valueOf(before.state()).isFinal()) {
            throw new ApiException(TX_FINAL, "transaction " + txId + " is already " + before.state());
        }
        try {
            locks.run(txId, Duration.ofSeconds(10), () -> coordinator.rollback(txId));
        } catch (FencedTransactions.Busy e) {
            throw new ApiException(ErrorCode.SERVICE_UNAVAILABLE, "transaction " + txId + " is being driven right now; try again");
        } catch (TransactionCoordinator.AlreadyCommitting e) {
            throw new ApiException(TX_FINAL, "transaction " + txId + " is committing: it can only commit");
        }
        local.executeWithoutResult(status -> audit.record(admin, "TX_ROLLBACK", "transaction", txId,
                "state=" + before.state(), "state=" + find(txId).state(), request.getRemoteAddr()));
        return detail(txId, request);
    }

    private Tx find(String txId) {
        if (txId.length() > 64) {
            throw ApiException.notFound("transaction");
        }
        return jdbc.sql(SELECT + " WHERE tx_id = ?").param(txId).query(TransactionAdminController::map).optional()
                .orElseThrow(() -> ApiException.notFound("transaction " + txId));
    }

    private static final String SELECT = "SELECT tx_id, state, reservation_id, activity_id, user_id, attempts, created_at,"
            + " deadline, last_error FROM tx_log";

    private static Tx map(java.sql.ResultSet r, int n) throws java.sql.SQLException {
        return new Tx(r.getString(1), r.getString(2), text(r.getObject(3)), text(r.getObject(4)), text(r.getObject(5)),
                r.getInt(6), r.getTimestamp(7).toInstant(), r.getTimestamp(8).toInstant(), r.getString(9));
    }

    private static String text(Object id) {
        return id == null ? null : id.toString();
    }
}

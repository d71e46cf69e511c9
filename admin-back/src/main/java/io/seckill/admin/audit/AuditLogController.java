package io.seckill.admin.audit;

import io.seckill.admin.security.RequiresPermission;
import io.seckill.admin.web.Page;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/admin/audit-logs} (audit:read): the append-only trail every service writes, newest first, filtered
 * by actor, action, target and time. Rows are written through the kernel's {@code AuditTrail}, never here.
 */
@RestController
class AuditLogController {

    record Entry(String id, String actorType, String actorId, String actorName, String action, String targetType,
                 String targetId, String before, String after, String clientIp, String service, Instant createdAt) {
    }

    private final JdbcClient jdbc;

    AuditLogController(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @RequiresPermission("audit:read")
    @GetMapping("/api/admin/audit-logs")
    Page<Entry> list(@RequestParam(required = false) Long actorId, @RequestParam(required = false) String action,
                     @RequestParam(required = false) String targetType, @RequestParam(required = false) String targetId,
                     @RequestParam(required = false) String service,
                     @RequestParam(required = false) Instant from, @RequestParam(required = false) Instant to,
                     @RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "20") int size) {
        Page.check(page, size);
        StringBuilder where = new StringBuilder(" WHERE 1 = 1");
        List<Object> params = new ArrayList<>();
        filter(where, params, " AND l.actor_id = ?", actorId);
        filter(where, params, " AND l.action = ?", action);
        filter(where, params, " AND l.target_type = ?", targetType);
        filter(where, params, " AND l.target_id = ?", targetId);
        filter(where, params, " AND l.service = ?", service);
        filter(where, params, " AND l.created_at >= ?", from == null ? null : Timestamp.from(from));
        filter(where, params, " AND l.created_at < ?", to == null ? null : Timestamp.from(to));
        long total = jdbc.sql("SELECT COUNT(*) FROM audit_log l" + where).params(params).query(Long.class).single();
        List<Object> pageParams = new ArrayList<>(params);
        pageParams.add(size);
        pageParams.add(Page.offset(page, size));
        // Services other than admin-back record only the actor id; the name comes from admin_users.
        List<Entry> items = jdbc.sql("""
                SELECT l.id, l.actor_type, l.actor_id, COALESCE(l.actor_name, u.username), l.action, l.target_type,
                       l.target_id, l.before_summary, l.after_summary, l.client_ip, l.service, l.created_at
                  FROM audit_log l LEFT JOIN admin_users u ON l.actor_type = 'ADMIN' AND u.id = l.actor_id"""
                        + where + " ORDER BY l.created_at DESC, l.id DESC LIMIT ? OFFSET ?")
                .params(pageParams).query(AuditLogController::entry).list();
        return new Page<>(items, page, size, total);
    }

    private static void filter(StringBuilder where, List<Object> params, String clause, Object value) {
        if (value != null) {
            where.append(clause);
            params.add(value);
        }
    }

    private static Entry entry(ResultSet r, int n) throws SQLException {
        Object actor = r.getObject(3);
        return new Entry(Long.toString(r.getLong(1)), r.getString(2), actor == null ? null : actor.toString(),
                r.getString(4), r.getString(5), r.getString(6), r.getString(7), r.getString(8), r.getString(9),
                r.getString(10), r.getString(11), r.getTimestamp(12).toInstant());
    }
}

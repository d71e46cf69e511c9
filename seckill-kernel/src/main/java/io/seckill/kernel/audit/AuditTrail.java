package io.seckill.kernel.audit;

import io.seckill.kernel.id.IdGenerator;
import io.seckill.kernel.security.VerifiedToken;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Appends admin operations to {@code audit_log} (DESIGN.md §7): who, what, which target, a before/after summary,
 * the client IP and the service. Every service writes its own admin operations through this one class; the
 * table belongs to admin-back and is append-only (no update or delete is offered here).
 */
public class AuditTrail {

    private static final int SUMMARY_LIMIT = 4000;

    private final JdbcClient jdbc;
    private final IdGenerator ids;
    private final String service;

    public AuditTrail(JdbcClient jdbc, IdGenerator ids, String service) {
        this.jdbc = jdbc;
        this.ids = ids;
        this.service = service;
    }

    /** One admin write; call it inside the write's own transaction so both commit or neither does. */
    public void record(VerifiedToken admin, String action, String targetType, String targetId, String before,
                       String after, String clientIp) {
        jdbc.sql("""
                INSERT INTO audit_log (id, actor_type, actor_id, actor_name, action, target_type, target_id,
                                       before_summary, after_summary, client_ip, service)
                VALUES (?, 'ADMIN', ?, NULL, ?, ?, ?, ?, ?, ?, ?)""")
                .params(ids.nextId(), admin.subjectId(), action, targetType, targetId, cut(before), cut(after),
                        clientIp, service)
                .update();
    }

    private static String cut(String summary) {
        return summary == null || summary.length() <= SUMMARY_LIMIT ? summary : summary.substring(0, SUMMARY_LIMIT) + "…";
    }
}

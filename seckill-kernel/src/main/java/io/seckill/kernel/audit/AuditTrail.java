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

    /** Who did it: {@code ADMIN}, {@code USER} or {@code SYSTEM} (a scheduled job), with an id and name if known. */
    public record Actor(String type, Long id, String name) {

        public static final Actor SYSTEM = new Actor("SYSTEM", null, null);

        public static Actor admin(Long id, String name) {
            return new Actor("ADMIN", id, name);
        }
    }

    /**
     * One admin write; call it inside the write's own transaction so both commit or neither does. The actor name is
     * the token's {@code preferred_username} claim when it has one (admin tokens from admin-back do).
     */
    public void record(VerifiedToken admin, String action, String targetType, String targetId, String before,
                       String after, String clientIp) {
        record(Actor.admin(admin.subjectId(), admin.name()), action, targetType, targetId, before, after, clientIp);
    }

    /** An operation whose actor is not a verified token: a login (no token yet), a scheduled job. */
    public void record(Actor actor, String action, String targetType, String targetId, String before, String after,
                       String clientIp) {
        jdbc.sql("""
                INSERT INTO audit_log (id, actor_type, actor_id, actor_name, action, target_type, target_id,
                                       before_summary, after_summary, client_ip, service)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(ids.nextId(), actor.type(), actor.id(), name(actor.name()), action, targetType, targetId,
                        cut(before), cut(after), clientIp, service)
                .update();
    }

    private static String name(String name) {
        return name == null || name.length() <= 64 ? name : name.substring(0, 64);
    }

    private static String cut(String summary) {
        return summary == null || summary.length() <= SUMMARY_LIMIT ? summary : summary.substring(0, SUMMARY_LIMIT) + "…";
    }
}

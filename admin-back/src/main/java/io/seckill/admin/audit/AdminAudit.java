package io.seckill.admin.audit;

import io.seckill.admin.security.AdminTokens;
import io.seckill.kernel.audit.AuditTrail;
import io.seckill.kernel.security.VerifiedToken;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/** The kernel's {@link AuditTrail} with the request's admin and client address, and JSON before/after summaries. */
@Component
public class AdminAudit {

    private final AuditTrail trail;
    private final JsonMapper json;

    AdminAudit(AuditTrail trail, JsonMapper json) {
        this.trail = trail;
        this.json = json;
    }

    /** Call inside the write's transaction, so the row and the change commit together. */
    public void record(HttpServletRequest request, String action, String targetType, Object targetId, Object before,
                       Object after) {
        VerifiedToken admin = AdminTokens.current(request);
        trail.record(admin, action, targetType, String.valueOf(targetId), summary(before), summary(after),
                AdminTokens.clientIp(request));
    }

    /** An operation with no verified token behind it yet (a login) or none at all ({@link AuditTrail.Actor#SYSTEM}). */
    public void recordAs(AuditTrail.Actor actor, String clientIp, String action, String targetType, Object targetId,
                         Object before, Object after) {
        trail.record(actor, action, targetType, targetId == null ? null : String.valueOf(targetId), summary(before),
                summary(after), clientIp);
    }

    private String summary(Object value) {
        return value == null ? null : json.writeValueAsString(value);
    }
}

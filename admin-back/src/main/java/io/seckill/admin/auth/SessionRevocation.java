package io.seckill.admin.auth;

import io.seckill.admin.security.DenyList;
import java.time.Clock;
import org.springframework.stereotype.Component;

/**
 * Ends every session of an admin at once: their refresh families are deleted and the access tokens already out are
 * refused by admin-back from now on. For disabling an admin and resetting their password (role changes need
 * neither: permissions are re-read at the next refresh). order-service and order-compensation check only the
 * token's own {@code jti}, so there such an access token lives out its 15 minutes, with no refresh after.
 */
@Component
public class SessionRevocation {

    private final RefreshFamilies families;
    private final DenyList denyList;
    private final AuthProperties properties;
    private final Clock clock;

    SessionRevocation(RefreshFamilies families, DenyList denyList, AuthProperties properties, Clock clock) {
        this.families = families;
        this.denyList = denyList;
        this.properties = properties;
        this.clock = clock;
    }

    /** After a password change or reset: refresh tokens and the access tokens issued before now stop working. */
    public void endAllSessions(long adminId) {
        families.revokeAll(adminId);
        denyList.denyAdminTokensIssuedBefore(adminId, clock.instant(), properties.accessTtl());
    }

    /** Disabled (or deleted): every session ends and every access token is refused until {@link #enabled}. */
    public void disabled(long adminId) {
        families.revokeAll(adminId);
        denyList.denyAdmin(adminId, properties.accessTtl());
    }

    public void enabled(long adminId) {
        denyList.allowAdmin(adminId);
    }
}

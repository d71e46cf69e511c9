package io.seckill.admin.auth;

import com.nimbusds.jwt.SignedJWT;
import io.seckill.admin.audit.AdminAudit;
import io.seckill.admin.security.DenyList;
import io.seckill.admin.web.FieldErrors;
import io.seckill.kernel.audit.AuditTrail;
import io.seckill.kernel.error.ApiException;
import io.seckill.kernel.redis.RefreshFamilyStore;
import io.seckill.kernel.security.Audience;
import io.seckill.kernel.security.JwtIssuer;
import io.seckill.kernel.security.JwtVerifier;
import io.seckill.kernel.security.VerifiedToken;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.stereotype.Service;

/**
 * Admin login, refresh, logout and password change. Access tokens come from the kernel's {@link JwtIssuer}:
 * {@code aud=seckill-admin}, the admin's permission codes in {@code perms} (read from the RBAC tables at login and at
 * every refresh, so a role change reaches a session within one access-token lifetime), the username in
 * {@code preferred_username} (the audit trail's actor name, in every service) and the refresh family in {@code sid}.
 * Logins (successful or not) and logouts are audited.
 */
@Service
@EnableConfigurationProperties(AuthProperties.class)
class AdminSessions {

    static final String SESSION_CLAIM = "sid";
    private static final Logger log = LoggerFactory.getLogger(AdminSessions.class);
    /** Same cost as the stored hashes (SuperAdminBootstrap); matched against for unknown usernames, see login. */
    static final BCryptPasswordEncoder passwords = new BCryptPasswordEncoder(10);
    private static final String DUMMY_HASH = passwords.encode("no such admin; this hash only equalizes timing");

    private final AdminAccounts accounts;
    private final RefreshFamilies families;
    private final LoginThrottle throttle;
    private final JwtIssuer issuer;
    private final DenyList denyList;
    private final SessionRevocation revocation;
    private final AdminAudit audit;
    private final AuthProperties properties;
    private final Clock clock;

    AdminSessions(AdminAccounts accounts, RefreshFamilies families, LoginThrottle throttle, JwtIssuer issuer,
                  DenyList denyList, SessionRevocation revocation, AdminAudit audit, AuthProperties properties,
                  Clock clock) {
        this.accounts = accounts;
        this.families = families;
        this.throttle = throttle;
        this.issuer = issuer;
        this.denyList = denyList;
        this.revocation = revocation;
        this.audit = audit;
        this.properties = properties;
        this.clock = clock;
    }

    /**
     * @throws ApiException 429 while throttled, 401 INVALID_CREDENTIALS for an unknown username, a wrong password
     *                      and a disabled account alike
     */
    TokenPair login(String username, String password, String clientIp) {
        throttle.check(username, clientIp);
        Optional<AdminAccounts.Account> account = accounts.byUsername(username);
        // An unknown username still pays one bcrypt check, so response time does not reveal which names exist.
        boolean matches = passwords.matches(password, account.map(AdminAccounts.Account::passwordHash).orElse(DUMMY_HASH));
        if (account.isEmpty() || !matches || !account.get().active()) {
            throttle.failed(username, clientIp);
            log.info("admin login refused for a username from {}", clientIp);
            audit.recordAs(AuditTrail.Actor.admin(account.map(AdminAccounts.Account::id).orElse(null), username),
                    clientIp, "ADMIN_LOGIN_FAILED", "admin", account.map(AdminAccounts.Account::id).orElse(null), null,
                    Map.of("reason", account.isEmpty() ? "unknown username" : !matches ? "wrong password" : "disabled"));
            throw new ApiException(AdminAuthProblem.INVALID_CREDENTIALS, "Wrong username or password");
        }
        throttle.succeeded(username);
        AdminAccounts.Account admin = account.get();
        accounts.loggedIn(admin.id(), clock.instant());
        RefreshFamilies.Started session = families.start(admin.id(), properties.refreshTtl());
        log.info("admin {} logged in from {}", admin.id(), clientIp);
        audit.recordAs(AuditTrail.Actor.admin(admin.id(), admin.username()), clientIp, "ADMIN_LOGIN", "admin",
                admin.id(), null, Map.of("passwordChangeRequired", admin.mustChangePassword()));
        return pair(admin, session.family(), session.refreshToken());
    }

    /** @throws ApiException 401 REFRESH_TOKEN_INVALID: unknown, expired, revoked, spent (revokes the family), or the admin is disabled */
    TokenPair refresh(String refreshToken) {
        RefreshFamilyStore.Presented presented = families.parse(refreshToken).orElseThrow(AdminSessions::refused);
        OptionalLong adminId = families.adminOf(presented.family());
        if (adminId.isEmpty()) {
            throw refused();
        }
        Optional<AdminAccounts.Account> admin = accounts.byId(adminId.getAsLong());
        if (admin.isEmpty() || !admin.get().active()) {
            families.revoke(presented.family());
            throw refused();
        }
        RefreshFamilyStore.Rotated rotated = families.rotate(presented, properties.refreshTtl());
        if (rotated.outcome() == RefreshFamilyStore.Outcome.REUSED) {
            log.warn("a spent refresh token of admin {} was presented: session {} revoked", rotated.subjectId(), presented.family());
        }
        if (rotated.outcome() != RefreshFamilyStore.Outcome.ROTATED) {
            throw refused();
        }
        return pair(admin.get(), presented.family(), rotated.newToken());
    }

    /** Revokes the access token until it would expire anyway, and its whole session. */
    void logout(VerifiedToken token, String bearerHeader, String clientIp) {
        denyList.deny(token.tokenId(), Duration.between(clock.instant(), token.expiresAt()));
        session(bearerHeader).ifPresent(families::revoke);
        audit.recordAs(AuditTrail.Actor.admin(token.subjectId(), token.name()), clientIp, "ADMIN_LOGOUT", "admin",
                token.subjectId(), null, null);
    }

    /**
     * The admin's own password change: the current password again (throttled like a login), a new one that passes
     * {@link PasswordPolicy}. Clears {@code must_change_password}, ends every session (a stolen session must not
     * survive the change) and starts a new one, whose tokens are returned.
     *
     * @throws ApiException 401 INVALID_CREDENTIALS for a wrong current password, 400 for a weak new one
     */
    TokenPair changePassword(VerifiedToken token, String current, String next, String clientIp) {
        AdminAccounts.Account admin = accounts.byId(token.subjectId()).filter(AdminAccounts.Account::active)
                .orElseThrow(() -> ApiException.unauthenticated("Log in again"));
        throttle.check(admin.username(), clientIp);
        if (!passwords.matches(current, admin.passwordHash())) {
            throttle.failed(admin.username(), clientIp);
            throw new ApiException(AdminAuthProblem.INVALID_CREDENTIALS, "The current password is wrong");
        }
        FieldErrors errors = new FieldErrors();
        PasswordPolicy.check(next, admin.username(), "newPassword", errors);
        errors.check(!next.equals(current), "newPassword", "must differ from the current password");
        errors.throwIfAny();
        accounts.passwordChanged(admin.id(), passwords.encode(next));
        revocation.endAllSessions(admin.id());
        // The token used here may share its second with the cut-off: refuse it by its own id as well.
        denyList.deny(token.tokenId(), Duration.between(clock.instant(), token.expiresAt()));
        audit.recordAs(AuditTrail.Actor.admin(admin.id(), admin.username()), clientIp, "ADMIN_PASSWORD_CHANGE",
                "admin", admin.id(), null, Map.of("sessionsEnded", true));
        AdminAccounts.Account changed = accounts.byId(admin.id()).orElseThrow();
        RefreshFamilies.Started session = families.start(admin.id(), properties.refreshTtl());
        return pair(changed, session.family(), session.refreshToken());
    }

    private TokenPair pair(AdminAccounts.Account admin, String family, String refreshToken) {
        JwtIssuer.Issued access = issuer.issue(Long.toString(admin.id()), Audience.ADMIN, properties.accessTtl(),
                Map.of(JwtVerifier.PERMISSIONS_CLAIM, accounts.tokenPermissions(admin), SESSION_CLAIM, family,
                        VerifiedToken.NAME_CLAIM, admin.username()));
        return TokenPair.bearer(access.token(), refreshToken, properties.accessTtl().toSeconds(), admin.mustChangePassword());
    }

    private static ApiException refused() {
        return new ApiException(AdminAuthProblem.REFRESH_TOKEN_INVALID, "Log in again");
    }

    /** The session claim of an access token the interceptor has already verified. */
    private static Optional<String> session(String bearerHeader) {
        try {
            return Optional.ofNullable(SignedJWT.parse(bearerHeader.substring("Bearer ".length()).trim())
                    .getJWTClaimsSet().getStringClaim(SESSION_CLAIM));
        } catch (ParseException | RuntimeException e) {
            return Optional.empty();
        }
    }
}

package io.seckill.admin.auth;

import com.nimbusds.jwt.SignedJWT;
import io.seckill.admin.security.DenyList;
import io.seckill.kernel.error.ApiException;
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
 * Admin login, refresh and logout. Access tokens come from the kernel's {@link JwtIssuer}: {@code aud=seckill-admin},
 * the admin's permission codes in {@code perms} (read from the RBAC tables at login and at every refresh, so a role
 * change reaches a session within one access-token lifetime) and the refresh family in {@code sid} (for logout).
 */
@Service
@EnableConfigurationProperties(AuthProperties.class)
class AdminSessions {

    static final String SESSION_CLAIM = "sid";
    private static final Logger log = LoggerFactory.getLogger(AdminSessions.class);
    /** Same cost as the stored hashes (SuperAdminBootstrap); matched against for unknown usernames, see login. */
    private static final BCryptPasswordEncoder passwords = new BCryptPasswordEncoder(10);
    private static final String DUMMY_HASH = passwords.encode("no such admin; this hash only equalizes timing");

    private final AdminAccounts accounts;
    private final RefreshFamilies families;
    private final LoginThrottle throttle;
    private final JwtIssuer issuer;
    private final JwtVerifier verifier;
    private final DenyList denyList;
    private final AuthProperties properties;
    private final Clock clock;

    AdminSessions(AdminAccounts accounts, RefreshFamilies families, LoginThrottle throttle, JwtIssuer issuer,
                  JwtVerifier verifier, DenyList denyList, AuthProperties properties, Clock clock) {
        this.accounts = accounts;
        this.families = families;
        this.throttle = throttle;
        this.issuer = issuer;
        this.verifier = verifier;
        this.denyList = denyList;
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
            throw new ApiException(AdminAuthProblem.INVALID_CREDENTIALS, "Wrong username or password");
        }
        throttle.succeeded(username);
        long adminId = account.get().id();
        accounts.loggedIn(adminId, clock.instant());
        RefreshFamilies.Presented session = families.start(adminId, properties.refreshTtl());
        log.info("admin {} logged in from {}", adminId, clientIp);
        return pair(adminId, session.family(), session.family() + "." + session.secret());
    }

    /** @throws ApiException 401 REFRESH_TOKEN_INVALID: unknown, expired, revoked, spent (revokes the family), or the admin is disabled */
    TokenPair refresh(String refreshToken) {
        RefreshFamilies.Presented presented = RefreshFamilies.parse(refreshToken).orElseThrow(AdminSessions::refused);
        OptionalLong admin = families.adminOf(presented.family());
        if (admin.isEmpty()) {
            throw refused();
        }
        if (!accounts.isActive(admin.getAsLong())) {
            families.revoke(presented.family());
            throw refused();
        }
        RefreshFamilies.Rotated rotated = families.rotate(presented, properties.refreshTtl());
        if (rotated.outcome() == RefreshFamilies.Outcome.REUSED) {
            log.warn("a spent refresh token of admin {} was presented: session {} revoked", rotated.adminId(), presented.family());
        }
        if (rotated.outcome() != RefreshFamilies.Outcome.ROTATED) {
            throw refused();
        }
        return pair(rotated.adminId(), presented.family(), rotated.newToken());
    }

    /** Revokes the access token until it would expire anyway, and its whole session. */
    void logout(VerifiedToken token, String bearerHeader) {
        denyList.deny(token.tokenId(), Duration.between(clock.instant(), token.expiresAt()));
        session(bearerHeader).ifPresent(families::revoke);
    }

    private TokenPair pair(long adminId, String family, String refreshToken) {
        JwtIssuer.Issued access = issuer.issue(Long.toString(adminId), Audience.ADMIN, properties.accessTtl(),
                Map.of(JwtVerifier.PERMISSIONS_CLAIM, accounts.permissions(adminId), SESSION_CLAIM, family));
        return TokenPair.bearer(access.token(), refreshToken, properties.accessTtl().toSeconds());
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

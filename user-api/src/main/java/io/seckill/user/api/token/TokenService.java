package io.seckill.user.api.token;

import com.nimbusds.jwt.SignedJWT;
import io.seckill.kernel.error.ApiException;
import io.seckill.kernel.redis.RefreshFamilyStore;
import io.seckill.kernel.security.Audience;
import io.seckill.kernel.security.InvalidTokenException;
import io.seckill.kernel.security.JwtIssuer;
import io.seckill.kernel.security.JwtVerifier;
import io.seckill.kernel.security.RedisRevocationList;
import io.seckill.kernel.security.RevocationList;
import io.seckill.kernel.security.VerifiedToken;
import io.seckill.user.api.UserApiProblem;
import io.seckill.user.api.AuthMetrics;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.LongPredicate;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Service;

/**
 * Customer tokens: ES256 access tokens from the kernel's {@link JwtIssuer} (15 min, carrying the session's refresh
 * family as {@code sid}), opaque rotating refresh tokens ({@link RefreshTokens}), and revocation: logout puts the
 * access token's {@code jti} on the deny-list ({@code auth:deny:<jti>}, until the token would expire anyway) and
 * deletes the family, so neither token works afterwards.
 */
@Service
@EnableConfigurationProperties(TokenProperties.class)
public class TokenService {

    static final String SESSION_CLAIM = "sid";

    private final JwtIssuer issuer;
    private final JwtVerifier verifier;
    private final RefreshTokens refreshTokens;
    private final StringRedisTemplate redis;
    private final RevocationList revocations;
    private final TokenProperties properties;
    private final AuthMetrics metrics;
    private final Clock clock;

    TokenService(JwtIssuer issuer, JwtVerifier verifier, RefreshTokens refreshTokens, StringRedisTemplate redis,
                 RevocationList revocations, TokenProperties properties, AuthMetrics metrics, Clock clock) {
        this.issuer = issuer;
        this.verifier = verifier;
        this.refreshTokens = refreshTokens;
        this.redis = redis;
        this.revocations = revocations;
        this.properties = properties;
        this.metrics = metrics;
        this.clock = clock;
    }

    /** A customer authenticated by a valid, not revoked access token. */
    public record Authenticated(long userId, VerifiedToken token, String session) {
    }

    /** A new session (refresh family) for a customer who just proved who they are. */
    public TokenPair login(long userId) {
        String family = refreshTokens.newFamily();
        String refresh = refreshTokens.start(family, userId, properties.refreshTtl());
        return pair(userId, family, refresh);
    }

    /**
     * Rotates a refresh token. {@code stillActive} is asked about the account before anything changes, so a
     * failure there (user-service down) leaves the token usable.
     *
     * @throws ApiException 401 REFRESH_TOKEN_INVALID (unknown, expired, revoked, or a spent token, which also
     *                      revokes its family), 403 ACCOUNT_DISABLED
     */
    public TokenPair refresh(String refreshToken, LongPredicate stillActive) {
        RefreshFamilyStore.Presented presented = refreshTokens.parse(refreshToken).orElseThrow(() -> refused("invalid"));
        OptionalLong user = refreshTokens.userOf(presented.family());
        if (user.isEmpty()) {
            throw refused("invalid");
        }
        if (!stillActive.test(user.getAsLong())) {
            if (refreshTokens.revoke(presented.family())) {
                metrics.revocation("account_disabled");
            }
            metrics.refresh("refused");
            throw new ApiException(UserApiProblem.ACCOUNT_DISABLED, "The account is disabled");
        }
        RefreshFamilyStore.Rotated rotated = refreshTokens.rotate(presented, properties.refreshTtl());
        return switch (rotated.outcome()) {
            case ROTATED -> {
                metrics.refresh("rotated");
                yield pair(rotated.subjectId(), presented.family(), rotated.newToken());
            }
            case REUSED -> {
                metrics.revocation("reuse");
                throw refused("reused");
            }
            case UNKNOWN -> throw refused("invalid");
        };
    }

    /**
     * Checks an {@code Authorization: Bearer …} header: signature, claims (kernel verifier) and the kernel's
     * deny-lists, as every other service does: the token's own entry (logout) and the customer's (disabled by
     * admin-back). Checking only the first let a disabled customer's token read {@code /api/users/me} until it
     * expired.
     *
     * @throws InvalidTokenException 401 UNAUTHENTICATED
     */
    public Authenticated authenticate(String authorizationHeader) {
        VerifiedToken token = verifier.verifyBearer(authorizationHeader, Audience.CUSTOMER);
        if (revocations.isRevoked(token)) {
            throw new InvalidTokenException("revoked");
        }
        return new Authenticated(token.subjectId(), token, session(authorizationHeader.substring(7).trim()));
    }

    /** Revokes the access token of the header and its whole session. */
    public void logout(String authorizationHeader) {
        Authenticated who = authenticate(authorizationHeader);
        Duration left = Duration.between(clock.instant(), who.token().expiresAt());
        if (!left.isNegative() && !left.isZero()) {
            redis.opsForValue().set(RedisRevocationList.tokenKey(who.token().tokenId()), "logout", left);
        }
        if (who.session() != null) {
            refreshTokens.revoke(who.session());
        }
        metrics.revocation("logout");
    }

    private TokenPair pair(long userId, String family, String refreshToken) {
        JwtIssuer.Issued access = issuer.issue(Long.toString(userId), Audience.CUSTOMER, properties.accessTtl(),
                Map.of(SESSION_CLAIM, family));
        return TokenPair.bearer(access.token(), refreshToken, properties.accessTtl().toSeconds());
    }

    private ApiException refused(String outcome) {
        metrics.refresh(outcome);
        return new ApiException(UserApiProblem.REFRESH_TOKEN_INVALID, "Log in again");
    }

    /** The already verified token's session claim. */
    private static String session(String token) {
        try {
            return SignedJWT.parse(token).getJWTClaimsSet().getStringClaim(SESSION_CLAIM);
        } catch (ParseException e) {
            throw new InvalidTokenException("unparseable session claim");
        }
    }
}

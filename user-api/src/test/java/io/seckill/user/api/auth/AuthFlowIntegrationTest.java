package io.seckill.user.api.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.micrometer.core.instrument.MeterRegistry;
import io.seckill.kernel.security.RedisRevocationList;
import io.seckill.user.api.UserApiIntegrationTest;
import io.seckill.user.api.UserServiceInJvm;
import io.seckill.user.api.sms.DevSmsSender;
import io.seckill.user.contract.v1.FindByMobileRequest;
import io.seckill.user.contract.v1.UpdateStatusRequest;
import io.seckill.user.contract.v1.UserStatus;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.data.redis.core.StringRedisTemplate;

/** The customer journeys of DESIGN.md §12 end to end: register, log in, me, refresh, logout, revocation. */
@ExtendWith(OutputCaptureExtension.class)
class AuthFlowIntegrationTest extends UserApiIntegrationTest {

    @Autowired
    DevSmsSender sms;
    @Autowired
    MeterRegistry meters;
    @Autowired
    StringRedisTemplate redis;

    @Test
    void registersLogsInReadsMeRefreshesAndLogsOutAfterWhichTheOldTokensAreRefused(CapturedOutput output) {
        String mobile = randomMobile();
        String userId = register(mobile, PASSWORD, "小明");

        Answer login = post("/api/auth/login", Map.of("mobile", mobile, "password", PASSWORD));
        assertThat(login.status()).isEqualTo(200);
        assertThat(login.text("tokenType")).isEqualTo("Bearer");
        assertThat(login.json().get("expiresIn").asLong()).isEqualTo(900);
        String access = login.text("accessToken");

        Answer me = get("/api/users/me", bearer(access));
        assertThat(me.status()).isEqualTo(200);
        assertThat(me.text("id")).isEqualTo(userId);
        assertThat(me.text("nickname")).isEqualTo("小明");
        assertThat(me.text("mobile")).isEqualTo(mobile.substring(0, 3) + "****" + mobile.substring(7)).doesNotContain(mobile);
        assertThat(me.text("status")).isEqualTo("ACTIVE");

        Answer refreshed = post("/api/auth/refresh", Map.of("refreshToken", login.text("refreshToken")));
        assertThat(refreshed.status()).isEqualTo(200);
        assertThat(refreshed.text("refreshToken")).isNotEqualTo(login.text("refreshToken"));
        String newAccess = refreshed.text("accessToken");
        assertThat(get("/api/users/me", bearer(newAccess)).status()).isEqualTo(200);

        assertThat(post("/api/auth/logout", "", bearer(newAccess)).status()).isEqualTo(204);
        Answer afterLogout = get("/api/users/me", bearer(newAccess));
        assertThat(afterLogout.status()).isEqualTo(401);
        assertThat(afterLogout.text("code")).isEqualTo("UNAUTHENTICATED");
        assertThat(afterLogout.contentType()).startsWith("application/problem+json");
        // Logout revoked the session: its refresh token is dead too.
        assertThat(post("/api/auth/refresh", Map.of("refreshToken", refreshed.text("refreshToken"))).text("code"))
                .isEqualTo("REFRESH_TOKEN_INVALID");
        assertThat(output.getAll()).doesNotContain(PASSWORD).doesNotContain(access).doesNotContain(login.text("refreshToken"));
    }

    @Test
    void logsInWithAnSmsCodeWhichWorksOnlyOnce() {
        String mobile = randomMobile();
        createUser(mobile);
        String ip = randomIp();
        assertThat(post("/api/auth/sms-codes", Map.of("mobile", mobile), fromIp(ip)).status()).isEqualTo(202);
        String code = sms.lastCode(mobile).orElseThrow();

        Answer login = post("/api/auth/login", Map.of("mobile", mobile, "smsCode", code), fromIp(ip));
        assertThat(login.status()).isEqualTo(200);
        assertThat(get("/api/users/me", bearer(login.text("accessToken"))).status()).isEqualTo(200);

        Answer again = post("/api/auth/login", Map.of("mobile", mobile, "smsCode", code), fromIp(ip));
        assertThat(again.status()).isEqualTo(401);
        assertThat(again.text("code")).isEqualTo("INVALID_CREDENTIALS");
    }

    @Test
    void reusingASpentRefreshTokenRevokesTheWholeFamily() {
        String mobile = randomMobile();
        register(mobile, PASSWORD, "reuse");
        Answer login = post("/api/auth/login", Map.of("mobile", mobile, "password", PASSWORD));
        String first = login.text("refreshToken");
        String second = post("/api/auth/refresh", Map.of("refreshToken", first)).text("refreshToken");
        String third = post("/api/auth/refresh", Map.of("refreshToken", second)).text("refreshToken");
        double revokedBefore = counter("seckill.auth.token.revocations", "reason", "reuse");

        Answer reuse = post("/api/auth/refresh", Map.of("refreshToken", first));
        assertThat(reuse.status()).isEqualTo(401);
        assertThat(reuse.text("code")).isEqualTo("REFRESH_TOKEN_INVALID");
        // The newest token of the family, never used, is refused as well: the thief and the owner both log in again.
        assertThat(post("/api/auth/refresh", Map.of("refreshToken", third)).status()).isEqualTo(401);
        assertThat(counter("seckill.auth.token.revocations", "reason", "reuse")).isEqualTo(revokedBefore + 1);
        // Another session of the same user is not affected.
        String other = post("/api/auth/login", Map.of("mobile", mobile, "password", PASSWORD)).text("refreshToken");
        assertThat(post("/api/auth/refresh", Map.of("refreshToken", other)).status()).isEqualTo(200);
    }

    @Test
    void issuesEs256TokensWithTheContractClaimsThatTheJwksVerifies() throws Exception {
        String mobile = randomMobile();
        String userId = register(mobile, PASSWORD, "claims");
        String access = post("/api/auth/login", Map.of("mobile", mobile, "password", PASSWORD)).text("accessToken");

        Answer jwks = get("/api/auth/.well-known/jwks.json", Map.of());
        assertThat(jwks.status()).isEqualTo(200);
        assertThat(jwks.raw().body()).doesNotContain("\"d\"");
        ECKey key = (ECKey) JWKSet.parse(jwks.raw().body()).getKeys().getFirst();
        SignedJWT jwt = SignedJWT.parse(access);
        assertThat(jwt.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.ES256);
        assertThat(jwt.verify(new ECDSAVerifier(key))).isTrue();
        JWTClaimsSet claims = jwt.getJWTClaimsSet();
        assertThat(claims.getIssuer()).isEqualTo("seckill");
        assertThat(claims.getAudience()).containsExactly("seckill-customer");
        assertThat(claims.getSubject()).isEqualTo(userId);
        assertThat(claims.getJWTID()).isNotBlank();
        assertThat(claims.getNotBeforeTime()).isEqualTo(claims.getIssueTime());
        assertThat(Duration.between(claims.getIssueTime().toInstant(), claims.getExpirationTime().toInstant()))
                .isEqualTo(Duration.ofMinutes(15));
    }

    @Test
    void refusesADuplicateMobileWith409() {
        String mobile = randomMobile();
        createUser(mobile);
        String ip = randomIp();
        post("/api/auth/sms-codes", Map.of("mobile", "+86" + mobile), fromIp(ip));

        Answer second = post("/api/auth/register", Map.of("mobile", "+86" + mobile, "password", PASSWORD,
                "smsCode", sms.lastCode(mobile).orElseThrow(), "nickname", "second"));
        assertThat(second.status()).isEqualTo(409);
        assertThat(second.text("code")).isEqualTo("MOBILE_TAKEN");
    }

    @Test
    void refusesAWrongPasswordAndAnUnknownMobileAlikeAndThrottlesRepeatedFailures() {
        String mobile = randomMobile();
        register(mobile, PASSWORD, "throttle");
        String ip = randomIp();

        Answer unknown = post("/api/auth/login", Map.of("mobile", randomMobile(), "password", PASSWORD), fromIp(randomIp()));
        Answer wrong = post("/api/auth/login", Map.of("mobile", mobile, "password", "Wrong-pass-1"), fromIp(ip));
        assertThat(unknown.status()).isEqualTo(wrong.status()).isEqualTo(401);
        assertThat(unknown.text("detail")).isEqualTo(wrong.text("detail"));
        for (int i = 0; i < 4; i++) {
            assertThat(post("/api/auth/login", Map.of("mobile", mobile, "password", "Wrong-pass-1"), fromIp(ip)).status()).isEqualTo(401);
        }

        // Five failures for this number: even the right password waits now, from any address.
        Answer locked = post("/api/auth/login", Map.of("mobile", mobile, "password", PASSWORD), fromIp(randomIp()));
        assertThat(locked.status()).isEqualTo(429);
        assertThat(locked.text("code")).isEqualTo("RATE_LIMITED");
        assertThat(Long.parseLong(locked.header("Retry-After"))).isBetween(1L, 15 * 60L);
        assertThat(counter("seckill.auth.logins", "outcome", "throttled")).isPositive();
    }

    @Test
    void throttlesAClientAddressAfterTwentyFailedLoginsWhateverTheNumbers() {
        String ip = randomIp();
        for (int i = 0; i < 20; i++) {
            assertThat(post("/api/auth/login", Map.of("mobile", randomMobile(), "password", "Wrong-pass-1"), fromIp(ip)).status())
                    .isEqualTo(401);
        }
        String mobile = randomMobile();
        createUser(mobile);

        Answer locked = post("/api/auth/login", Map.of("mobile", mobile, "password", PASSWORD), fromIp(ip));
        assertThat(locked.status()).isEqualTo(429);
        assertThat(locked.header("Retry-After")).isNotNull();
        assertThat(post("/api/auth/login", Map.of("mobile", mobile, "password", PASSWORD), fromIp(randomIp())).status())
                .isEqualTo(200);
    }

    @Test
    void refusesLoginAndRefreshOfADisabledAccount() {
        String mobile = randomMobile();
        register(mobile, PASSWORD, "disabled");
        String refresh = post("/api/auth/login", Map.of("mobile", mobile, "password", PASSWORD)).text("refreshToken");
        var users = UserServiceInJvm.shared().stub().withDeadlineAfter(5, TimeUnit.SECONDS);
        long id = users.findByMobile(FindByMobileRequest.newBuilder().setMobile(mobile).build()).getId();
        users.updateStatus(UpdateStatusRequest.newBuilder().setId(id).setStatus(UserStatus.DISABLED).build());

        Answer login = post("/api/auth/login", Map.of("mobile", mobile, "password", PASSWORD));
        assertThat(login.status()).isEqualTo(403);
        assertThat(login.text("code")).isEqualTo("ACCOUNT_DISABLED");
        assertThat(post("/api/auth/refresh", Map.of("refreshToken", refresh)).status()).isEqualTo(403);
    }

    /** admin-back's disable writes the customer's deny entry; user-api must honour it as every service does. */
    @Test
    void aCustomerDisabledByTheBackOfficeIsCutOffAtOnceNotWhenTheTokenExpires() {
        String mobile = randomMobile();
        String userId = register(mobile, PASSWORD, "cut off");
        String access = post("/api/auth/login", Map.of("mobile", mobile, "password", PASSWORD)).text("accessToken");
        assertThat(get("/api/users/me", bearer(access)).status()).isEqualTo(200);

        String denied = RedisRevocationList.disabledUserKey(userId);
        redis.opsForValue().set(denied, "disabled", Duration.ofMinutes(16));
        try {
            Answer me = get("/api/users/me", bearer(access));
            assertThat(me.status()).isEqualTo(401);
            assertThat(me.text("code")).isEqualTo("UNAUTHENTICATED");
            assertThat(me.contentType()).startsWith("application/problem+json");
        } finally {
            redis.delete(denied);
        }
        assertThat(get("/api/users/me", bearer(access)).status()).as("enabled again").isEqualTo(200);
    }

    @Test
    void theDevSmsEndpointIsAbsentOutsideTheDevProfile() {
        String mobile = randomMobile();
        post("/api/auth/sms-codes", Map.of("mobile", mobile), fromIp(randomIp()));

        Answer dev = get("/api/auth/dev/sms-codes?mobile=" + mobile, Map.of());
        assertThat(dev.status()).isEqualTo(404);
        assertThat(dev.text("code")).isEqualTo("NOT_FOUND");
        assertThat(dev.raw().body()).doesNotContain(sms.lastCode(mobile).orElseThrow());
    }

    @Test
    void countsLoginsSmsSendsAndRefreshesInPrometheus() {
        String mobile = randomMobile();
        register(mobile, PASSWORD, "metrics");
        String refresh = post("/api/auth/login", Map.of("mobile", mobile, "password", PASSWORD)).text("refreshToken");
        post("/api/auth/refresh", Map.of("refreshToken", refresh));

        String scrape = get("/actuator/prometheus", Map.of()).raw().body();
        assertThat(scrape).contains("seckill_auth_logins_total{application=\"user-api\",method=\"password\",outcome=\"success\"}")
                .contains("seckill_auth_sms_sends_total{application=\"user-api\",outcome=\"sent\"}")
                .contains("seckill_auth_token_refreshes_total{application=\"user-api\",outcome=\"rotated\"}")
                .contains("resilience4j_circuitbreaker_state");
    }

    // ---------------------------------------------------------------------------------------------------------

    /** Registers through the API (SMS code from the dev sender); returns the user id. */
    String register(String mobile, String password, String nickname) {
        String ip = randomIp();
        assertThat(post("/api/auth/sms-codes", Map.of("mobile", mobile), fromIp(ip)).status()).isEqualTo(202);
        Answer created = post("/api/auth/register", Map.of("mobile", mobile, "password", password,
                "smsCode", sms.lastCode(mobile).orElseThrow(), "nickname", nickname), fromIp(ip));
        assertThat(created.status()).as(created.raw().body()).isEqualTo(201);
        return created.text("userId");
    }

    private double counter(String name, String tag, String value) {
        var counter = meters.find(name).tag(tag, value).counter();
        return counter == null ? 0 : counter.count();
    }
}

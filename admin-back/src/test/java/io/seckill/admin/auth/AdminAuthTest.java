package io.seckill.admin.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jwt.SignedJWT;
import io.seckill.admin.support.AdminApiTest;
import io.seckill.admin.support.Http;
import io.seckill.infra.embedded.TestTokens;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

/** Admin identity over real HTTP: login, the perms claim, throttling, refresh rotation, logout, disabled admins. */
class AdminAuthTest extends AdminApiTest {

    /** Any admin endpoint that needs no more than a valid token plus one permission. */
    private static final String GUARDED = "/api/admin/audit-logs";

    private static String ip() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        return "10." + r.nextInt(256) + "." + r.nextInt(256) + "." + r.nextInt(1, 255);
    }

    private Http.Response login(Http http, String username, String password) {
        return http.post("/api/admin/auth/login", null,
                "{\"username\":\"" + username + "\",\"password\":\"" + password + "\"}");
    }

    @Test
    void loginIssuesAnAdminTokenCarryingThePermissionsOfTheAdminsRoles() throws Exception {
        String username = admin("product:read", "audit:read");
        Http.Response response = login(http().from(ip()), username, password(username));

        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(response.json().path("tokenType").asString()).isEqualTo("Bearer");
        assertThat(response.json().path("expiresIn").asLong()).isEqualTo(900);
        assertThat(response.json().path("refreshToken").asString()).isNotBlank();
        assertThat(response.body()).doesNotContain(password(username)).doesNotContain("$2a$");
        var claims = SignedJWT.parse(response.json().path("accessToken").asString()).getJWTClaimsSet();
        assertThat(claims.getAudience()).containsExactly("seckill-admin");
        assertThat(claims.getStringListClaim("perms")).containsExactlyInAnyOrder("product:read", "audit:read");
        assertThat(http().get(GUARDED, response.json().path("accessToken").asString()).status()).isEqualTo(200);
    }

    @Test
    void unknownUserWrongPasswordAndDisabledAdminGetTheSameAnswer() {
        String username = admin("audit:read");
        String disabled = admin("audit:read");
        jdbc.sql("UPDATE admin_users SET status = 'DISABLED' WHERE username = ?").param(disabled).update();

        Http.Response unknown = login(http().from(ip()), "nobody" + ids.nextId(), "whatever-password");
        Http.Response wrong = login(http().from(ip()), username, "not-the-password");
        Http.Response off = login(http().from(ip()), disabled, password(disabled));

        for (Http.Response r : List.of(unknown, wrong, off)) {
            assertProblem(r, 401, "INVALID_CREDENTIALS");
            assertThat(r.json().path("detail").asString()).isEqualTo("Wrong username or password");
        }
        assertProblem(http().post("/api/admin/auth/login", null, "{\"username\":\"\"}"), 400, "VALIDATION_FAILED");
        assertProblem(http().post("/api/admin/auth/login", null, "{not json"), 400, "MALFORMED_REQUEST");
    }

    @Test
    void repeatedFailuresForOneUsernameAreThrottledEvenWithTheRightPassword() {
        String username = admin("audit:read");
        for (int i = 0; i < 5; i++) {
            assertProblem(login(http().from(ip()), username, "wrong-" + i), 401, "INVALID_CREDENTIALS");
        }
        Http.Response throttled = login(http().from(ip()), username, password(username));

        assertProblem(throttled, 429, "RATE_LIMITED");
        assertThat(Long.parseLong(throttled.header("Retry-After"))).isBetween(1L, 900L);
        assertThat(redis.hasKey("auth:admin-login-fail:{" + username + "}")).isTrue();
    }

    @Test
    void repeatedFailuresFromOneClientAreThrottledWhateverTheUsername() {
        Http attacker = http().from(ip());
        for (int i = 0; i < 20; i++) {
            assertProblem(login(attacker, "guess" + ids.nextId(), "x"), 401, "INVALID_CREDENTIALS");
        }
        String username = admin("audit:read");

        assertProblem(login(attacker, username, password(username)), 429, "RATE_LIMITED");
        assertThat(login(http().from(ip()), username, password(username)).status()).isEqualTo(200);
    }

    @Test
    void refreshRotatesAndReusingASpentTokenRevokesTheWholeSession() {
        String username = admin("audit:read");
        Http.Response first = login(http().from(ip()), username, password(username));
        String spent = first.json().path("refreshToken").asString();

        Http.Response second = refresh(spent);
        assertThat(second.status()).as(second.body()).isEqualTo(200);
        String current = second.json().path("refreshToken").asString();
        assertThat(current).isNotEqualTo(spent);
        assertThat(http().get(GUARDED, second.json().path("accessToken").asString()).status()).isEqualTo(200);

        assertProblem(refresh(spent), 401, "REFRESH_TOKEN_INVALID");
        assertProblem(refresh(current), 401, "REFRESH_TOKEN_INVALID");
        assertProblem(refresh("garbage"), 401, "REFRESH_TOKEN_INVALID");
    }

    @Test
    void refreshPicksUpPermissionChangesAndRefusesADisabledAdmin() throws Exception {
        String username = admin("audit:read");
        String refreshToken = login(http().from(ip()), username, password(username)).json().path("refreshToken").asString();
        jdbc.sql("""
                INSERT INTO rbac_role_permissions (role_id, permission_id)
                SELECT ar.role_id, p.id FROM admin_user_roles ar JOIN admin_users a ON a.id = ar.admin_user_id,
                       rbac_permissions p WHERE a.username = ? AND p.code = 'product:read'""").param(username).update();

        Http.Response rotated = refresh(refreshToken);
        assertThat(SignedJWT.parse(rotated.json().path("accessToken").asString()).getJWTClaimsSet()
                .getStringListClaim("perms")).containsExactlyInAnyOrder("audit:read", "product:read");

        jdbc.sql("UPDATE admin_users SET status = 'DISABLED' WHERE username = ?").param(username).update();
        assertProblem(refresh(rotated.json().path("refreshToken").asString()), 401, "REFRESH_TOKEN_INVALID");
    }

    @Test
    void logoutRevokesTheAccessTokenAndItsRefreshFamily() throws Exception {
        String username = admin("audit:read");
        Http.Response session = login(http().from(ip()), username, password(username));
        String access = session.json().path("accessToken").asString();
        String jti = SignedJWT.parse(access).getJWTClaimsSet().getJWTID();

        assertThat(http().post("/api/admin/auth/logout", access, null).status()).isEqualTo(204);

        assertThat(redis.getExpire("auth:deny:" + jti)).isBetween(1L, 900L);
        assertProblem(http().get(GUARDED, access), 401, "UNAUTHENTICATED");
        assertProblem(refresh(session.json().path("refreshToken").asString()), 401, "REFRESH_TOKEN_INVALID");
        assertProblem(http().post("/api/admin/auth/logout", null, null), 401, "UNAUTHENTICATED");
    }

    @Test
    void adminPathsRefuseAnonymousCallersCustomerTokensAndMissingPermissions() {
        assertProblem(http().get(GUARDED, null), 401, "UNAUTHENTICATED");
        assertProblem(http().get(GUARDED, TestTokens.customerToken(42)), 401, "UNAUTHENTICATED");
        assertProblem(http().get(GUARDED, "not.a.token"), 401, "UNAUTHENTICATED");
        assertProblem(http().get(GUARDED, tokenWith("product:read")), 403, "FORBIDDEN");
        assertProblem(http().get("/api/admin/no-such-thing", null), 401, "UNAUTHENTICATED");
        assertThat(Set.of(200)).contains(http().get(GUARDED, tokenWith("audit:read")).status());
    }

    private Http.Response refresh(String token) {
        return http().post("/api/admin/auth/refresh", null, "{\"refreshToken\":\"" + token + "\"}");
    }
}

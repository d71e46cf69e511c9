package io.seckill.admin.users;

import static org.assertj.core.api.Assertions.assertThat;

import io.seckill.admin.support.AdminApiTest;
import io.seckill.admin.support.Http;
import io.seckill.admin.support.UserServiceInJvm;
import io.seckill.user.contract.v1.CreateUserRequest;
import io.seckill.user.contract.v1.User;
import io.seckill.kernel.security.Audience;
import io.seckill.kernel.security.RevocationList;
import io.seckill.kernel.security.VerifiedToken;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** /api/admin/users over real gRPC to the real user-service: search, disable/enable (audited once), 404, 400. */
class UsersApiTest extends AdminApiTest {

    @Autowired
    RevocationList revocations;

    @Test
    void customersAreSearchedByMobilePrefixAndStatusAndDisabledAndEnabledWithOneAuditRowEach() {
        String prefix = "13" + ThreadLocalRandom.current().nextInt(1_000_000, 10_000_000);
        User first = customer(prefix + "01");
        customer(prefix + "02");
        String username = admin("user:read", "user:write");
        String token = login(username);
        Http http = http();

        Http.Response found = http.get("/api/admin/users?mobile=" + prefix + "&size=10", token);
        assertThat(found.status()).as(found.body()).isEqualTo(200);
        assertThat(found.json().path("total").asLong()).isEqualTo(2);
        assertThat(found.json().path("items").get(0).path("status").asString()).isEqualTo("ACTIVE");

        String id = Long.toString(first.getId());
        Http.Response disabled = http.post("/api/admin/users/" + id + "/disable", token, null);
        assertThat(disabled.status()).as(disabled.body()).isEqualTo(200);
        assertThat(disabled.json().path("status").asString()).isEqualTo("DISABLED");
        assertThat(http.post("/api/admin/users/" + id + "/disable", token, null).status()).isEqualTo(200);
        assertOneAuditRow("USER_DISABLE", id, username);
        assertThat(http.get("/api/admin/users?mobile=" + prefix + "&status=DISABLED", token).json().path("total").asLong()).isEqualTo(1);
        assertThat(http.get("/api/admin/users/" + id, token).json().path("status").asString()).isEqualTo("DISABLED");

        // Every service's deny-list now refuses the customer's access tokens already out; enabling lifts it.
        VerifiedToken customerToken = new VerifiedToken(id, Audience.CUSTOMER, UUID.randomUUID().toString(),
                Instant.now().minusSeconds(60), Instant.now().plusSeconds(600), Set.of());
        assertThat(revocations.isRevoked(customerToken)).isTrue();

        assertThat(http.post("/api/admin/users/" + id + "/enable", token, null).json().path("status").asString()).isEqualTo("ACTIVE");
        assertOneAuditRow("USER_ENABLE", id, username);
        assertThat(revocations.isRevoked(customerToken)).isFalse();
    }

    @Test
    void unknownCustomersAre404AndBadFiltersAre400WithTheField() {
        String token = tokenWith("user:read", "user:write");
        assertProblem(http().get("/api/admin/users/1", token), 404, "NOT_FOUND");
        assertProblem(http().post("/api/admin/users/1/disable", token, null), 404, "NOT_FOUND");
        Http.Response bad = http().get("/api/admin/users?status=SLEEPING&mobile=13%25", token);
        assertProblem(bad, 400, "VALIDATION_FAILED");
        assertThat(bad.json().path("errors").valueStream().map(e -> e.path("field").asString()).toList())
                .containsExactlyInAnyOrder("status", "mobile");
    }

    private static User customer(String mobile) {
        return UserServiceInJvm.shared().stub().withDeadlineAfter(5, TimeUnit.SECONDS).createUser(CreateUserRequest
                .newBuilder().setMobile(mobile).setPassword("Flash-sale-2026").setNickname("buyer").build());
    }
}

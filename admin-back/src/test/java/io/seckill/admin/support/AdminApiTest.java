package io.seckill.admin.support;

import static org.assertj.core.api.Assertions.assertThat;

import io.seckill.infra.embedded.SchemaSql;
import io.seckill.infra.embedded.WithEmbeddedInfra;
import io.seckill.kernel.id.IdGenerator;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * What the HTTP-level tests share: one Spring context (same annotations everywhere, so it is cached), real HTTP,
 * the stores, and admins made with exactly the permissions a test needs.
 */
@WithEmbeddedInfra
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
public abstract class AdminApiTest {

    /** Cost 4: the login checks it like any hash, and tests stay fast. */
    private static final BCryptPasswordEncoder fastHashes = new BCryptPasswordEncoder(4);

    @LocalServerPort
    protected int port;

    @Autowired
    protected JdbcClient jdbc;

    @Autowired
    protected StringRedisTemplate redis;

    @Autowired
    protected IdGenerator ids;

    /** /api/admin/users calls the real user-service, started once in this JVM. */
    @DynamicPropertySource
    static void userService(DynamicPropertyRegistry registry) {
        registry.add("seckill.user-service.address", () -> UserServiceInJvm.shared().address());
    }

    /** seckill_stock and orders belong to order-service; in production it has created them. */
    @BeforeAll
    static void orderServiceSchema() {
        SchemaSql.flyway("filesystem:../order-service/src/main/resources/db/migration/order-service",
                "flyway_history_order_service").migrate();
    }

    protected Http http() {
        return new Http(port);
    }

    /** An ACTIVE admin with one role holding {@code permissions}; returns its username (the password is "pw-" + it). */
    protected String admin(String... permissions) {
        long id = ids.nextId();
        String username = "admin" + id;
        jdbc.sql("INSERT INTO admin_users (id, username, password_hash, display_name, status, must_change_password)"
                        + " VALUES (?, ?, ?, 'Test admin', 'ACTIVE', FALSE)")
                .params(id, username, fastHashes.encode(password(username))).update();
        long role = ids.nextId();
        jdbc.sql("INSERT INTO rbac_roles (id, name) VALUES (?, ?)").params(role, "role" + role).update();
        for (String permission : permissions) {
            assertThat(jdbc.sql("INSERT INTO rbac_role_permissions (role_id, permission_id) SELECT ?, id FROM rbac_permissions WHERE code = ?")
                    .params(role, permission).update()).as(permission).isEqualTo(1);
        }
        jdbc.sql("INSERT INTO admin_user_roles (admin_user_id, role_id) VALUES (?, ?)").params(id, role).update();
        return username;
    }

    protected static String password(String username) {
        return "pw-" + username;
    }

    /** Logs in over HTTP and returns the access token. */
    protected String login(String username) {
        Http.Response response = http().post("/api/admin/auth/login", null,
                "{\"username\":\"" + username + "\",\"password\":\"" + password(username) + "\"}");
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json().path("accessToken").asString();
    }

    /** A logged-in admin's access token with exactly these permissions. */
    protected String tokenWith(String... permissions) {
        return login(admin(permissions));
    }

    protected static void assertProblem(Http.Response response, int status, String code) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.code()).isEqualTo(code);
    }

    /** Exactly one audit row of this action on this target, written by admin-back with the actor's name. */
    protected void assertOneAuditRow(String action, String targetId, String actorName) {
        List<String> names = jdbc.sql("SELECT COALESCE(actor_name, '') FROM audit_log WHERE action = ? AND target_id = ?"
                        + " AND service = 'admin-back'").params(action, targetId).query(String.class).list();
        assertThat(names).as(action + " on " + targetId).containsExactly(actorName);
    }

    protected static List<String> strings(tools.jackson.databind.JsonNode array) {
        return array.valueStream().map(tools.jackson.databind.JsonNode::asString).toList();
    }
}

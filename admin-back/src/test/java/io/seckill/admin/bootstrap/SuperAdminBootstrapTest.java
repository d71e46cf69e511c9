package io.seckill.admin.bootstrap;

import io.seckill.infra.embedded.WithEmbeddedInfra;
import io.seckill.kernel.id.IdGenerator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/** The first start creates exactly one super-admin, with a hashed password and every permission; never twice. */
@WithEmbeddedInfra
@SpringBootTest
class SuperAdminBootstrapTest {

    @Autowired
    JdbcClient jdbc;

    @Autowired
    TransactionTemplate tx;

    @Autowired
    IdGenerator ids;

    /** Other test classes share the database: start each case from "no admin yet", as a first start sees it. */
    @BeforeEach
    void firstStart() {
        jdbc.sql("DELETE FROM admin_user_roles").update();
        jdbc.sql("DELETE FROM admin_users").update();
        new SuperAdminBootstrap(jdbc, tx, ids, "admin", "").run(null);
    }

    @Test
    void startCreatesOneSuperAdminWithAHashedGeneratedPasswordAndEveryPermission() {
        assertThat(jdbc.sql("SELECT COUNT(*) FROM admin_users").query(Integer.class).single()).isEqualTo(1);
        String hash = jdbc.sql("SELECT password_hash FROM admin_users WHERE username = 'admin'").query(String.class).single();
        assertThat(hash).startsWith("$2");
        assertThat(jdbc.sql("SELECT must_change_password FROM admin_users WHERE username = 'admin'")
                .query(Boolean.class).single()).isTrue();
        int permissions = jdbc.sql("""
                SELECT COUNT(DISTINCT rp.permission_id) FROM admin_users a
                  JOIN admin_user_roles ar ON ar.admin_user_id = a.id
                  JOIN rbac_role_permissions rp ON rp.role_id = ar.role_id
                 WHERE a.username = 'admin'""").query(Integer.class).single();
        assertThat(permissions).isEqualTo(jdbc.sql("SELECT COUNT(*) FROM rbac_permissions").query(Integer.class).single());
    }

    @Test
    void aLaterStartNeverCreatesAnotherAdminNorChangesThePassword() throws Exception {
        String before = jdbc.sql("SELECT password_hash FROM admin_users WHERE username = 'admin'").query(String.class).single();
        new SuperAdminBootstrap(jdbc, tx, ids, "admin", "another-password").run(null);
        new SuperAdminBootstrap(jdbc, tx, ids, "root", "").run(null);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM admin_users").query(Integer.class).single()).isEqualTo(1);
        String after = jdbc.sql("SELECT password_hash FROM admin_users WHERE username = 'admin'").query(String.class).single();
        assertThat(after).isEqualTo(before);
        assertThat(new BCryptPasswordEncoder().matches("another-password", after)).isFalse();
    }

    @Test
    void aConfiguredPasswordIsStoredHashedAndNeedsNoChange() {
        jdbc.sql("DELETE FROM admin_user_roles").update();
        jdbc.sql("DELETE FROM admin_users").update();
        new SuperAdminBootstrap(jdbc, tx, ids, "ops", "configured-Secret-1").run(null);
        String hash = jdbc.sql("SELECT password_hash FROM admin_users WHERE username = 'ops'").query(String.class).single();
        assertThat(hash).doesNotContain("configured-Secret-1");
        assertThat(new BCryptPasswordEncoder().matches("configured-Secret-1", hash)).isTrue();
        assertThat(jdbc.sql("SELECT must_change_password FROM admin_users WHERE username = 'ops'")
                .query(Boolean.class).single()).isFalse();
    }

    @Test
    void generatedPasswordsAreLongRandomAndPassThePasswordPolicy() {
        for (int i = 0; i < 200; i++) {
            String one = io.seckill.admin.auth.PasswordPolicy.generate("admin");
            assertThat(one).hasSizeGreaterThanOrEqualTo(24).isNotEqualTo(io.seckill.admin.auth.PasswordPolicy.generate("admin"));
            assertThat(io.seckill.admin.auth.PasswordPolicy.acceptable(one, "admin")).as(one).isTrue();
        }
    }
}

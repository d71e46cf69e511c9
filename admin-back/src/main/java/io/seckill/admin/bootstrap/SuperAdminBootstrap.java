package io.seckill.admin.bootstrap;

import io.seckill.kernel.id.IdGenerator;
import io.seckill.admin.auth.PasswordPolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Creates the first super-admin when no admin exists, in every profile. There is no default password anywhere:
 * it is {@code seckill.admin.bootstrap.password} (the dev stack passes the one it generated and keeps in
 * {@code .seckill/demo-credentials.json}), or a random one printed once to the log. A printed password has been
 * in a log file, so that admin must change it before doing anything else ({@code must_change_password}); a
 * configured one was chosen by the operator (and the dev stack's smoke test and benchmark use it as it is).
 */
@Component
class SuperAdminBootstrap implements ApplicationRunner {

    static final String SUPER_ADMIN_ROLE = "SUPER_ADMIN";
    private static final Logger log = LoggerFactory.getLogger(SuperAdminBootstrap.class);

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final IdGenerator ids;
    private final String username;
    private final String password;

    SuperAdminBootstrap(JdbcClient jdbc, TransactionTemplate tx, IdGenerator ids,
                        @Value("${seckill.admin.bootstrap.username:admin}") String username,
                        @Value("${seckill.admin.bootstrap.password:}") String password) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.ids = ids;
        this.username = username;
        this.password = password;
    }

    @Override
    public void run(ApplicationArguments args) {
        if (jdbc.sql("SELECT COUNT(*) FROM admin_users").query(Integer.class).single() > 0) {
            return;
        }
        boolean generated = password.isBlank();
        String secret = generated ? randomPassword() : password;
        try {
            tx.executeWithoutResult(status -> create(secret, generated));
        } catch (DuplicateKeyException concurrentStart) {
            return; // another admin-back instance created it first
        }
        if (generated) {
            log.warn("Created super-admin '{}' with the generated password {} — shown only this once; "
                    + "it must be changed at the first login.", username, secret);
        } else {
            log.info("Created super-admin '{}' with the configured bootstrap password.", username);
        }
    }

    private void create(String secret, boolean mustChange) {
        long adminId = ids.nextId();
        jdbc.sql("""
                INSERT INTO admin_users (id, username, password_hash, display_name, status, must_change_password)
                VALUES (?, ?, ?, ?, 'ACTIVE', ?)""")
                .params(adminId, username, new BCryptPasswordEncoder(10).encode(secret), "Super admin", mustChange)
                .update();
        jdbc.sql("""
                INSERT INTO admin_user_roles (admin_user_id, role_id)
                SELECT ?, id FROM rbac_roles WHERE name = ?""")
                .params(adminId, SUPER_ADMIN_ROLE)
                .update();
    }

    String randomPassword() {
        return PasswordPolicy.generate(username);
    }
}

package io.seckill.user.service.demo;

import io.seckill.kernel.id.IdGenerator;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.context.annotation.Profile;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Dev profile only: creates the demo customers {@code ./seckill up} generated ({@code SECKILL_DEMO_CUSTOMERS} =
 * {@code mobile:password,…}) when they do not exist yet. Never active outside {@code dev}.
 */
@Component
@Profile("dev")
class DemoCustomerSeeder implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(DemoCustomerSeeder.class);

    private final JdbcClient jdbc;
    private final PasswordEncoder passwords;
    private final IdGenerator ids;
    private final String spec;

    DemoCustomerSeeder(JdbcClient jdbc, PasswordEncoder passwords, IdGenerator ids,
                       @Value("${seckill.demo.customers:}") String spec) {
        this.jdbc = jdbc;
        this.passwords = passwords;
        this.ids = ids;
        this.spec = spec;
    }

    @Override
    @Transactional
    public void run(ApplicationArguments args) {
        int created = 0;
        for (DemoCustomer customer : parse(spec)) {
            boolean exists = jdbc.sql("SELECT COUNT(*) FROM users WHERE mobile = ?").param(customer.mobile())
                    .query(Integer.class).single() > 0;
            if (!exists) {
                jdbc.sql("INSERT INTO users (id, mobile, password_hash, nickname, status) VALUES (?, ?, ?, ?, 'ACTIVE')")
                        .params(ids.nextId(), customer.mobile(), passwords.encode(customer.password()),
                                "Demo " + customer.mobile().substring(customer.mobile().length() - 4))
                        .update();
                created++;
            }
        }
        log.info("Demo customers: {} created, {} already present", created, parse(spec).size() - created);
    }

    record DemoCustomer(String mobile, String password) {
    }

    static List<DemoCustomer> parse(String spec) {
        List<DemoCustomer> customers = new ArrayList<>();
        for (String entry : spec.split(",")) {
            int colon = entry.indexOf(':');
            if (colon > 0 && colon < entry.length() - 1) {
                customers.add(new DemoCustomer(entry.substring(0, colon).trim(), entry.substring(colon + 1)));
            }
        }
        return customers;
    }
}

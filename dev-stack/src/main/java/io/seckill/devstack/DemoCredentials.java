package io.seckill.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.List;
import tools.jackson.databind.json.JsonMapper;

/**
 * The contents of {@code .seckill/demo-credentials.json} (DESIGN.md §12). Passwords are generated on the first
 * run and kept, so the accounts seeded into the kept database keep working on the next {@code up}.
 */
record DemoCredentials(String baseUrl, Account admin, List<Customer> users, String demoActivityId) {

    record Account(String username, String password) {
    }

    record Customer(String mobile, String password) {
    }

    private static final JsonMapper json = JsonMapper.builder().build();
    private static final SecureRandom random = new SecureRandom();
    private static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
    static final String FILE = "demo-credentials.json";

    static DemoCredentials loadOrCreate(Path stateDir, String baseUrl) {
        Path file = stateDir.resolve(FILE);
        if (Files.exists(file)) {
            DemoCredentials kept = json.readValue(file.toFile(), DemoCredentials.class);
            return new DemoCredentials(baseUrl, kept.admin(), kept.users(), kept.demoActivityId());
        }
        List<Customer> customers = List.of(
                new Customer("13800000001", password()),
                new Customer("13800000002", password()),
                new Customer("13800000003", password()));
        return new DemoCredentials(baseUrl, new Account("admin", password()), customers, null);
    }

    DemoCredentials withDemoActivity(String activityId) {
        return new DemoCredentials(baseUrl, admin, users, activityId);
    }

    /** Written readable by the owner only: it holds passwords. */
    void save(Path stateDir) {
        Path file = stateDir.resolve(FILE);
        try {
            Files.createDirectories(stateDir);
            Files.writeString(file, json.writerWithDefaultPrettyPrinter().writeValueAsString(this));
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code mobile:password,…} for user-service's dev seeder. */
    String customersSpec() {
        return String.join(",", users.stream().map(c -> c.mobile() + ":" + c.password()).toList());
    }

    static String password() {
        StringBuilder password = new StringBuilder(16);
        for (int i = 0; i < 16; i++) {
            password.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return password.toString();
    }
}

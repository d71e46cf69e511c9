package io.seckill.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.seckill.infra.embedded.EmbeddedInfra;
import io.seckill.infra.embedded.FreePorts;
import io.seckill.infra.embedded.InfraOptions;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code ./seckill up --external}: no embedded infrastructure; every service uses the Redis, MariaDB and Kafka
 * named by the standard Spring environment variables. The "external" servers here are an embedded stack owned by
 * the test, so the test can check that the services really wrote to it and that {@code down} leaves it running.
 */
class DevStackExternalIT {

    private static final Path HOME = Path.of(System.getProperty("seckill.home", "..")).toAbsolutePath().normalize();
    private static final Path STATE = Path.of("target/external-state").toAbsolutePath();
    private static final int ROUTER_PORT = FreePorts.pick();
    private static EmbeddedInfra external;
    private static final List<ProcessHandle> stackProcesses = new ArrayList<>();

    @BeforeAll
    static void startExternalInfrastructure() {
        external = EmbeddedInfra.start(InfraOptions.forTests(Path.of("target/external-infra").toAbsolutePath()));
    }

    @Test
    void servicesRunOnTheInfrastructureNamedByTheEnvironment() throws Exception {
        // In the foreground, as a user runs it in a terminal (DevStackSmokeIT covers --detach and down).
        SeckillCli.Foreground up = SeckillCli.start(HOME, STATE, external.environment(),
                "up", "--no-build", "--external", "--port", String.valueOf(ROUTER_PORT));
        await().atMost(Duration.ofMinutes(4)).until(() -> !up.process().isAlive()
                || up.outputSoFar().contains("Seckill dev stack is up"));
        assertThat(up.outputSoFar()).contains("Seckill dev stack is up")
                .contains("Using external Redis / MySQL / Kafka").doesNotContain("Starting embedded")
                .doesNotContain("Embedded data");

        ProcessHandle launcher = ProcessHandle.of(Long.parseLong(Files.readString(STATE.resolve("stack.pid")).trim()))
                .orElseThrow();
        stackProcesses.add(launcher);
        launcher.descendants().forEach(stackProcesses::add);
        assertThat(stackProcesses).noneMatch(p -> p.info().command().orElse("").contains("mariadbd")
                || p.info().command().orElse("").contains("redis-server"));

        HttpResponse<String> activities = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://localhost:" + ROUTER_PORT + "/api/seckill/activities")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(activities.statusCode()).isEqualTo(200);
        assertThat(activities.body()).contains("Demo flash sale");

        try (Connection db = DriverManager.getConnection(external.jdbcUrl(), external.jdbcUsername(), external.jdbcPassword());
             ResultSet admins = db.createStatement().executeQuery("SELECT COUNT(*) FROM admin_users");
             ResultSet users = db.createStatement().executeQuery("SELECT COUNT(*) FROM users WHERE mobile LIKE '138000000%'")) {
            admins.next();
            users.next();
            assertThat(admins.getInt(1)).isEqualTo(1);
            assertThat(users.getInt(1)).isEqualTo(3);
        }

        // Ctrl-C reaches the script only (the launcher runs in a session of its own), which stops the launcher
        // as down does: every service stops gracefully within the grace period, none is killed.
        up.pressCtrlC();
        assertThat(up.process().waitFor(60, TimeUnit.SECONDS)).as(up.outputSoFar()).isTrue();
        assertThat(up.process().exitValue()).isEqualTo(130);
        assertThat(up.outputSoFar()).contains("Stopping the dev stack").contains("Stopped in")
                .doesNotContain("was killed");
        await().atMost(Duration.ofSeconds(30)).until(() -> stackProcesses.stream().noneMatch(ProcessHandle::isAlive));
        assertThat(STATE.resolve("stack.pid")).doesNotExist();
        try (Connection stillThere = DriverManager.getConnection(external.jdbcUrl(), external.jdbcUsername(), external.jdbcPassword())) {
            assertThat(stillThere.isValid(2)).isTrue();
        }
    }

    @AfterAll
    static void stopEverything() {
        SeckillCli.run(HOME, STATE, external.environment(), "down");
        stackProcesses.forEach(ProcessHandle::destroyForcibly);
        external.close();
    }
}

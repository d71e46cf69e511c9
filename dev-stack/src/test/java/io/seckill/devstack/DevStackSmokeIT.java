package io.seckill.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.seckill.infra.embedded.FreePorts;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The two commands as a user runs them: {@code ./seckill up --detach} brings every service up behind the
 * router, and {@code ./seckill down} leaves no listening port and no process behind. Runs the built jars
 * ({@code --no-build}) with its own state folder under {@code target/}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DevStackSmokeIT {

    private static final Path HOME = Path.of(System.getProperty("seckill.home", "..")).toAbsolutePath().normalize();
    private static final Path STATE = Path.of("target/smoke-state").toAbsolutePath();
    private static final int ROUTER_PORT = FreePorts.pick();
    private static final HttpClient http = HttpClient.newHttpClient();
    private static final JsonMapper json = JsonMapper.builder().build();
    private static final List<ProcessHandle> stackProcesses = new ArrayList<>();

    @Test
    @Order(1)
    void refusesToStartWhenAServicePortIsTakenAndSaysWhich() throws Exception {
        try (ServerSocket squatter = new ServerSocket(8100)) {
            SeckillCli.Result result = seckill("up", "--no-build", "--port", String.valueOf(ROUTER_PORT));
            assertThat(result.exit()).isEqualTo(3);
            assertThat(result.output()).contains("port 8100 is used (service seckill-api)")
                    .doesNotContain("Exception");
        }
    }

    @Test
    @Order(2)
    void upDetachedServesEveryServiceAndTheDemoActivityThroughTheRouter() throws Exception {
        long began = System.nanoTime();
        SeckillCli.Result up = seckill("up", "--detach", "--no-build", "--port", String.valueOf(ROUTER_PORT));
        double seconds = (System.nanoTime() - began) / 1e9;
        assertThat(up.exit()).as(up.output()).isZero();
        assertThat(up.output()).contains("Seckill dev stack is up");

        long pid = Long.parseLong(Files.readString(STATE.resolve("stack.pid")).trim());
        ProcessHandle launcher = ProcessHandle.of(pid).orElseThrow();
        stackProcesses.add(launcher);
        launcher.descendants().forEach(stackProcesses::add);
        Figures.record(seconds, stackProcesses);

        for (ServiceSpec service : ServiceSpec.ALL) {
            HttpResponse<String> health = get("/services/" + service.name() + "/actuator/health");
            assertThat(health.statusCode()).as(service.name()).isEqualTo(200);
            assertThat(health.body()).as(service.name()).contains("\"status\":\"UP\"");
        }

        JsonNode credentials = json.readTree(STATE.resolve("demo-credentials.json").toFile());
        assertThat(credentials.path("baseUrl").asString()).isEqualTo("http://localhost:" + ROUTER_PORT);
        assertThat(credentials.path("admin").path("password").asString()).hasSizeGreaterThanOrEqualTo(12);
        assertThat(credentials.path("users")).hasSize(3);
        String activityId = credentials.path("demoActivityId").asString();
        assertThat(activityId).isNotBlank();

        HttpResponse<String> activities = get("/api/seckill/activities");
        assertThat(activities.statusCode()).isEqualTo(200);
        JsonNode listed = json.readTree(activities.body());
        assertThat(listed.path("serverTime").asString()).isNotBlank();
        assertThat(listed.path("items").valueStream().map(item -> item.path("id").asString()))
                .contains(activityId);

        assertThat(get("/").body()).contains("Seckill");
        assertThat(get("/admin/").body()).contains("admin console");
        HttpResponse<String> unknownAdmin = get("/api/admin/archives/does-not-exist");
        assertThat(unknownAdmin.statusCode()).isEqualTo(404);
        assertThat(unknownAdmin.headers().firstValue("Content-Type").orElse(""))
                .startsWith("application/problem+json");
    }

    @Test
    @Order(3)
    void downStopsEveryProcessAndFreesEveryPort() {
        SeckillCli.Result down = seckill("down");
        assertThat(down.exit()).as(down.output()).isZero();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(stackProcesses).noneMatch(ProcessHandle::isAlive);
            assertThat(FreePorts.isFree(ROUTER_PORT)).isTrue();
            for (ServiceSpec service : ServiceSpec.ALL) {
                assertThat(FreePorts.isFree(service.httpPort())).as(service.name()).isTrue();
            }
        });
        assertThat(STATE.resolve("stack.pid")).doesNotExist();
    }

    @AfterAll
    static void neverLeaveAStackBehind() {
        seckill("down");
        stackProcesses.forEach(ProcessHandle::destroyForcibly);
    }

    private static HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + ROUTER_PORT + path))
                .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static SeckillCli.Result seckill(String... args) {
        return SeckillCli.run(HOME, STATE, Map.of(), args);
    }
}

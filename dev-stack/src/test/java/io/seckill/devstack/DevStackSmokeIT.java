package io.seckill.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.seckill.infra.embedded.FreePorts;
import io.seckill.kernel.security.JwtKeys;
import java.time.Instant;
import java.util.Date;
import java.util.UUID;
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

        // Files the services write stay in the state folder: order-compensation's attempt file (opened at start) too.
        assertThat(STATE.resolve("logs/compensation-attempts.jsonl")).exists();

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

        // The rush path is wired end to end: a customer token signed with the stack's own key passes seckill-api's
        // verifier through the router, the dev captcha carries its answer, and the demo activity is not open yet.
        String token = customerToken(STATE.resolve("keys"), 4242);
        HttpResponse<String> captcha = send(HttpRequest.newBuilder(uri("/api/seckill/activities/" + activityId + "/captcha"))
                .header("Authorization", "Bearer " + token).GET());
        assertThat(captcha.statusCode()).as(captcha.body()).isEqualTo(200);
        JsonNode captchaJson = json.readTree(captcha.body());
        assertThat(captchaJson.path("devAnswer").asString()).matches("[0-9]{5}");
        HttpResponse<String> path = send(HttpRequest.newBuilder(uri("/api/seckill/activities/" + activityId + "/path"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"captchaId\":\"" + captchaJson.path("captchaId").asString()
                        + "\",\"answer\":\"" + captchaJson.path("devAnswer").asString() + "\"}")));
        // The demo activity opens a minute after its creation; a state folder kept from an earlier run has it open.
        assertThat(path.statusCode()).as(path.body()).isIn(200, 425);
        if (path.statusCode() == 200) {
            HttpResponse<String> attempt = send(HttpRequest.newBuilder(uri("/api/seckill/activities/" + activityId + "/"
                            + json.readTree(path.body()).path("path").asString() + "/orders"))
                    .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"quantity\":1}")));
            assertThat(attempt.statusCode()).as(attempt.body()).isEqualTo(202);
        }
        assertThat(send(HttpRequest.newBuilder(uri("/api/seckill/activities/" + activityId + "/captcha")).GET())
                .statusCode()).isEqualTo(401);

        // The super-admin logs in with the generated password and reads the demo activity's ledger.
        HttpResponse<String> adminLogin = send(HttpRequest.newBuilder(uri("/api/admin/auth/login"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"" + credentials.path("admin").path("username").asString()
                        + "\",\"password\":\"" + credentials.path("admin").path("password").asString() + "\"}")));
        assertThat(adminLogin.statusCode()).as(adminLogin.body()).isEqualTo(200);
        HttpResponse<String> stats = send(HttpRequest.newBuilder(uri("/api/admin/activities/" + activityId + "/stats"))
                .header("Authorization", "Bearer " + json.readTree(adminLogin.body()).path("accessToken").asString()).GET());
        assertThat(stats.statusCode()).as(stats.body()).isEqualTo(200);
        assertThat(json.readTree(stats.body()).path("total").asInt()).isEqualTo(100);

        assertThat(get("/").body()).contains("Seckill");
        assertThat(get("/admin/").body()).contains("admin console");
        // Routed to order-compensation, which asks for an admin token before it says whether the path exists.
        HttpResponse<String> unknownAdmin = get("/api/admin/archives/does-not-exist");
        assertThat(unknownAdmin.statusCode()).isEqualTo(401);
        assertThat(unknownAdmin.headers().firstValue("Content-Type").orElse(""))
                .startsWith("application/problem+json");
    }

    /**
     * The whole pipeline through real processes: a demo customer logs in with the printed password (user-api →
     * user-service over gRPC), and once the demo sale opens passes the captcha, is accepted by seckill-api,
     * order-service turns the reservation into an order, and the result seen by the buyer becomes CREATED with the
     * order id (seckill.order.events → seckill-api).
     */
    @Test
    @Order(3)
    void aBuyerGetsAnOrderThroughEveryServiceOnceTheSaleOpens() throws Exception {
        JsonNode credentials = json.readTree(STATE.resolve("demo-credentials.json").toFile());
        String activityId = credentials.path("demoActivityId").asString();
        JsonNode customer = credentials.path("users").get(0);
        HttpResponse<String> login = send(HttpRequest.newBuilder(uri("/api/auth/login"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"mobile\":\"" + customer.path("mobile").asString()
                        + "\",\"password\":\"" + customer.path("password").asString() + "\"}")));
        assertThat(login.statusCode()).as(login.body()).isEqualTo(200);
        String token = json.readTree(login.body()).path("accessToken").asString();
        String[] path = new String[1];
        await().atMost(Duration.ofSeconds(100)).pollInterval(Duration.ofSeconds(2)).until(() -> {
            HttpResponse<String> captcha = send(HttpRequest.newBuilder(uri("/api/seckill/activities/" + activityId + "/captcha"))
                    .header("Authorization", "Bearer " + token).GET());
            JsonNode c = json.readTree(captcha.body());
            HttpResponse<String> issued = send(HttpRequest.newBuilder(uri("/api/seckill/activities/" + activityId + "/path"))
                    .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"captchaId\":\"" + c.path("captchaId").asString()
                            + "\",\"answer\":\"" + c.path("devAnswer").asString() + "\"}")));
            assertThat(issued.statusCode()).as(issued.body()).isIn(200, 425);
            path[0] = issued.statusCode() == 200 ? json.readTree(issued.body()).path("path").asString() : null;
            return path[0] != null;
        });
        HttpResponse<String> attempt = send(HttpRequest.newBuilder(uri("/api/seckill/activities/" + activityId + "/"
                        + path[0] + "/orders"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"quantity\":1}")));
        assertThat(attempt.statusCode()).as(attempt.body()).isEqualTo(202);
        String reservation = json.readTree(attempt.body()).path("reservationId").asString();
        String[] orderId = new String[1];
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode result = json.readTree(send(HttpRequest.newBuilder(uri("/api/seckill/orders/" + reservation))
                    .header("Authorization", "Bearer " + token).GET()).body());
            assertThat(result.path("status").asString()).isEqualTo("CREATED");
            orderId[0] = result.path("orderId").asString();
            assertThat(orderId[0]).matches("[0-9]+");
        });

        // CREATED is only ever published with the order visible: the buyer's next click, at once, finds and pays it.
        HttpResponse<String> order = send(HttpRequest.newBuilder(uri("/api/orders/" + orderId[0]))
                .header("Authorization", "Bearer " + token).GET());
        assertThat(order.statusCode()).as(order.body()).isEqualTo(200);
        assertThat(json.readTree(order.body()).path("status").asString()).isEqualTo("AWAITING_PAYMENT");
        HttpResponse<String> paid = send(HttpRequest.newBuilder(uri("/api/orders/" + orderId[0] + "/pay"))
                .header("Authorization", "Bearer " + token).POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(paid.statusCode()).as(paid.body()).isEqualTo(200);
        assertThat(json.readTree(paid.body()).path("status").asString()).isEqualTo("PAID");
    }

    @Test
    @Order(4)
    void downStopsEveryProcessAndFreesEveryPort() throws IOException {
        SeckillCli.Result down = seckill("down");
        assertThat(down.exit()).as(down.output()).isZero();
        // Services first, infrastructure last: none killed at the end of its grace period, and none saw Redis,
        // MariaDB or Kafka go away under it while it was still closing (they stopped at once with the JVM's
        // shutdown hooks before, and Lettuce logged "Connection refused" as it tried to reconnect).
        String launcherLog = Files.readString(STATE.resolve("logs/dev-stack.log"));
        assertThat(launcherLog).contains("Stopped in").doesNotContain("was killed");
        for (ServiceSpec service : ServiceSpec.ALL) {
            assertThat(Files.readString(STATE.resolve("logs/" + service.name() + ".log")))
                    .as(service.name()).doesNotContain("Connection refused");
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(stackProcesses).noneMatch(ProcessHandle::isAlive);
            assertThat(FreePorts.isFree(ROUTER_PORT)).isTrue();
            for (ServiceSpec service : ServiceSpec.ALL) {
                assertThat(FreePorts.isFree(service.httpPort())).as(service.name()).isTrue();
                for (int port : service.otherPorts()) {
                    assertThat(FreePorts.isFree(port)).as(service.name() + " " + port).isTrue();
                }
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
        return send(HttpRequest.newBuilder(uri(path)).GET());
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return http.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static URI uri(String path) {
        return URI.create("http://localhost:" + ROUTER_PORT + path);
    }

    /** A customer token as user-api issues them, signed with the key the stack generated on first run. */
    private static String customerToken(Path keys, long subject) throws Exception {
        ECKey key = JwtKeys.readSigningKey(keys.resolve(JwtKeys.SIGNING_KEY_FILE));
        Instant now = Instant.now();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(key.getKeyID()).type(JOSEObjectType.JWT).build(),
                new JWTClaimsSet.Builder().issuer("seckill").audience("seckill-customer").subject(Long.toString(subject))
                        .issueTime(Date.from(now)).notBeforeTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(300)))
                        .jwtID(UUID.randomUUID().toString()).build());
        jwt.sign(new ECDSASigner(key));
        return jwt.serialize();
    }

    private static SeckillCli.Result seckill(String... args) {
        return SeckillCli.run(HOME, STATE, Map.of(), args);
    }
}

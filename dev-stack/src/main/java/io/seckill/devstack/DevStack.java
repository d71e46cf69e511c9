package io.seckill.devstack;

import io.seckill.devstack.router.DevRouter;
import io.seckill.infra.embedded.EmbeddedInfra;
import io.seckill.infra.embedded.FreePorts;
import io.seckill.infra.embedded.InfraOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * {@code ./seckill up}: embedded Redis, MariaDB and Kafka (or external ones), every service as its own JVM, and
 * the dev router on one port. Blocks until SIGINT/SIGTERM, then stops everything it started, children first.
 */
public final class DevStack {

    static final int EXIT_USAGE = 2;
    static final int EXIT_PORT_IN_USE = 3;
    static final int EXIT_START_FAILED = 4;
    private static final Duration START_TIMEOUT = Duration.ofSeconds(180);
    private static final Duration STOP_GRACE = Duration.ofSeconds(20);
    /** The JVMs writing their class archives as they exit (first start with these jars). */
    private static final Duration ARCHIVING_GRACE = Duration.ofSeconds(60);
    /** Six JVMs assembling their AOT caches at once on two cores: 1–2 minutes. */
    private static final Duration RECORDING_GRACE = Duration.ofSeconds(240);

    private final StackOptions options;
    private final StackState state;
    private final List<ServiceProcess> services = new ArrayList<>();
    private EmbeddedInfra infra;
    private ConfigurableApplicationContext router;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile boolean writingClassArchives;

    private DevStack(StackOptions options) {
        this.options = options;
        this.state = new StackState(options.stateDir());
    }

    public static void main(String[] args) {
        StackOptions options;
        try {
            options = StackOptions.parse(args);
        } catch (StackOptions.UsageException e) {
            System.err.println("seckill up: " + e.getMessage());
            System.exit(EXIT_USAGE);
            return;
        }
        // Exit explicitly: the embedded broker and the router may leave non-daemon threads behind.
        System.exit(new DevStack(options).run());
    }

    private int run() {
        String busy = PortCheck.firstBusy(options.port());
        if (busy != null) {
            Console.line("seckill up: " + busy + ". Stop whatever holds it (is a stack already running? "
                    + "try ./seckill down) or choose another router port with --port.");
            return EXIT_PORT_IN_USE;
        }
        state.markStarting();
        StopSignals.handle(this::stop);
        Runtime.getRuntime().addShutdownHook(new Thread(this::stop, "dev-stack-stop"));
        try {
            start();
        } catch (StartFailure e) {
            Console.line("seckill up: " + e.getMessage());
            stop();
            return EXIT_START_FAILED;
        }
        awaitStop();
        return 0;
    }

    private void start() {
        createDirectories(options.stateDir().resolve("tmp"), options.stateDir().resolve("cds"));
        String baseUrl = "http://localhost:" + options.port();
        DemoCredentials credentials = DemoCredentials.loadOrCreate(options.stateDir(), baseUrl);
        credentials.save(options.stateDir());
        Map<String, String> environment = new LinkedHashMap<>(DevKeys.ensure(options.stateDir()).environment());
        if (options.external()) {
            Console.step("Using external Redis / MySQL / Kafka from the environment (SPRING_DATA_REDIS_HOST, "
                    + "SPRING_DATASOURCE_URL, SPRING_KAFKA_BOOTSTRAP_SERVERS, ...)");
        } else {
            Console.step("Starting embedded Redis, MariaDB 10.11 and Kafka (KRaft) ...");
            infra = EmbeddedInfra.start(new InfraOptions(options.stateDir().resolve("infra"), true,
                    0, 0, 0, 4, state.databasePassword()));
            environment.putAll(infra.environment());
            state.recordInfra(infra.springProperties());
            Console.step("Infrastructure up: redis 127.0.0.1:" + infra.redisPort() + ", mariadb 127.0.0.1:"
                    + infra.mariaDbPort() + ", kafka " + infra.kafkaBootstrapServers());
        }
        // Services are reached through the router: they listen on loopback only.
        environment.put("SERVER_ADDRESS", "127.0.0.1");
        // order-compensation's attempt file (relative logs/ by default) goes with the other logs, not into the
        // directory the stack was started from (the checkout).
        environment.put("SECKILL_COMPENSATION_ATTEMPTLOG",
                options.stateDir().resolve("logs").resolve("compensation-attempts.jsonl").toString());
        environment.put("SECKILL_ADMIN_BOOTSTRAP_USERNAME", credentials.admin().username());
        environment.put("SECKILL_ADMIN_BOOTSTRAP_PASSWORD", credentials.admin().password());
        environment.put("SECKILL_DEMO_CUSTOMERS", credentials.customersSpec());
        startServices(environment);
        router = DevRouter.start(options.port());
        awaitHealthy();
        String activityId = DemoActivity.find(baseUrl);
        DemoCredentials ready = credentials.withDemoActivity(activityId);
        ready.save(options.stateDir());
        state.markReady(options.port());
        Banner.print(ready, options, services, Console.elapsedSeconds());
    }

    private void startServices(Map<String, String> environment) {
        Path stateDir = options.stateDir();
        List<String> base = JvmOptions.base(System.getenv(), stateDir);
        boolean aot = AotCache.enabled(System.getenv(), Runtime.version().feature());
        AotCache.reset(stateDir);
        for (ServiceSpec spec : ServiceSpec.ALL) {
            Path jar = ServiceJars.find(options.home(), spec.name());
            List<String> jvmOptions;
            if (aot) {
                jar = ExtractedJar.of(jar, stateDir.resolve("app").resolve(spec.name()));
                AotCache.Decision cache = AotCache.decide(stateDir, spec.name(), jar, base);
                Console.step(spec.name() + ": " + (cache.mode() == AotCache.Mode.USE
                        ? "AOT cache " + stateDir.relativize(cache.file())
                        : "no AOT cache yet; this run records one (written when the stack stops)"));
                jvmOptions = JvmOptions.withAotCache(base, cache);
            } else {
                jvmOptions = JvmOptions.withClassArchive(base, stateDir, spec.name());
                writingClassArchives |= JvmOptions.writesClassArchive(stateDir, spec.name(), jar);
            }
            services.add(ServiceProcess.start(spec, jar, stateDir.resolve("logs"), jvmOptions,
                    environment, List.of("--spring.profiles.active=dev")));
        }
        Console.step("Started " + services.size() + " services (logs in .seckill/logs/), waiting for health ...");
    }

    private void awaitHealthy() {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        List<ServiceProcess> waiting = new ArrayList<>(services);
        while (!waiting.isEmpty()) {
            for (ServiceProcess service : List.copyOf(waiting)) {
                if (!service.isAlive()) {
                    throw new StartFailure(service.spec().name() + " exited while starting. Last lines of "
                            + service.log() + ":\n" + service.logTail(40));
                }
                if (service.isHealthy()) {
                    waiting.remove(service);
                    Console.step(service.spec().name() + " is UP on :" + service.spec().httpPort());
                }
            }
            if (System.nanoTime() > deadline) {
                throw new StartFailure("not healthy after " + START_TIMEOUT.toSeconds() + " s: "
                        + waiting.stream().map(s -> s.spec().name()).toList() + " (see .seckill/logs/)");
            }
            sleepQuietly(250);
        }
    }

    private void awaitStop() {
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private synchronized void stop() {
        if (stopped.getCount() == 0) {
            return;
        }
        state.clear();
        Console.line("Stopping the dev stack ...");
        long began = System.nanoTime();
        boolean recording = AotCache.recording(options.stateDir());
        if (recording) {
            Console.line("Writing the services' AOT caches (this run was their training run; up to "
                    + RECORDING_GRACE.toSeconds() + " s) ...");
        }
        // All signalled at once, then awaited: a parallel stream on two cores stopped them two at a time.
        services.forEach(ServiceProcess::terminate);
        Duration grace = recording ? RECORDING_GRACE : writingClassArchives ? ARCHIVING_GRACE : STOP_GRACE;
        long deadline = System.nanoTime() + grace.toNanos();
        for (ServiceProcess service : services) {
            if (!service.awaitExit(deadline)) {
                Console.line(service.spec().name() + " did not stop within " + grace.toSeconds()
                        + " s and was killed (see " + service.log() + ")");
            }
        }
        AotCache.reset(options.stateDir());
        if (router != null) {
            router.close();
        }
        if (infra != null) {
            infra.close();
        }
        Console.line(String.format(Locale.ROOT, "Stopped in %.1f s.", (System.nanoTime() - began) / 1e9));
        stopped.countDown();
    }

    private static void createDirectories(Path... dirs) {
        try {
            for (Path dir : dirs) {
                Files.createDirectories(dir);
            }
        } catch (IOException e) {
            throw new StartFailure("cannot create " + e.getMessage());
        }
    }

    static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A start that cannot go on; the message says what to do. */
    static final class StartFailure extends RuntimeException {
        StartFailure(String message) {
            super(message);
        }
    }

    /** Ports the stack needs, checked before anything starts. */
    static final class PortCheck {
        private PortCheck() {
        }

        static String firstBusy(int routerPort) {
            if (!FreePorts.isFree(routerPort)) {
                return "port " + routerPort + " is used (service dev-router)";
            }
            for (ServiceSpec spec : ServiceSpec.ALL) {
                List<Integer> ports = new ArrayList<>(spec.otherPorts());
                ports.addFirst(spec.httpPort());
                for (int port : ports) {
                    if (!FreePorts.isFree(port)) {
                        return "port " + port + " is used (service " + spec.name() + ")";
                    }
                }
            }
            return null;
        }
    }
}

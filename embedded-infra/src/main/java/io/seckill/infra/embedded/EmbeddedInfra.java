package io.seckill.infra.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Real Redis, MariaDB and Kafka started from Maven artifacts on loopback ports: the dev stack's default
 * infrastructure and the one every integration test talks to.
 *
 * <p>Everything is written under {@link InfraOptions#workDir()}; {@link #close()} stops the three in reverse
 * order and, for a test stack, deletes the folder.
 */
public final class EmbeddedInfra implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedInfra.class);
    private static volatile EmbeddedInfra shared;

    private final InfraOptions options;
    private final List<AutoCloseable> started = Collections.synchronizedList(new ArrayList<>());
    private EmbeddedRedis redis;
    private EmbeddedMariaDb mariaDb;
    private EmbeddedKafka kafka;

    private EmbeddedInfra(InfraOptions options) {
        this.options = options;
    }

    /** Starts all three; on any failure stops what already runs and rethrows. */
    public static EmbeddedInfra start(InfraOptions options) {
        EmbeddedInfra infra = new EmbeddedInfra(options);
        try {
            infra.startAll();
            return infra;
        } catch (RuntimeException e) {
            infra.close();
            throw e;
        }
    }

    /**
     * The one stack of this test JVM, started on first use under {@code target/embedded-infra} and stopped by a
     * shutdown hook.
     */
    public static EmbeddedInfra shared() {
        EmbeddedInfra current = shared;
        if (current == null) {
            synchronized (EmbeddedInfra.class) {
                current = shared;
                if (current == null) {
                    Path dir = Path.of(System.getProperty("seckill.infra.dir", "target/embedded-infra"))
                            .toAbsolutePath().resolve("jvm-" + ProcessHandle.current().pid());
                    current = start(InfraOptions.forTests(dir));
                    EmbeddedInfra toStop = current;
                    Runtime.getRuntime().addShutdownHook(new Thread(toStop::close, "embedded-infra-stop"));
                    shared = current;
                }
            }
        }
        return current;
    }

    private void startAll() {
        long began = System.nanoTime();
        try {
            Files.createDirectories(options.workDir());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // Platform threads on purpose: starting these on virtual threads deadlocked class loading on 2 cores.
        FutureTask<EmbeddedMariaDb> db = new FutureTask<>(() -> new EmbeddedMariaDb(
                options.workDir().resolve("mariadb"), options.keepDatabase(),
                FreePorts.orPick(options.mariaDbPort()), options.databasePassword()));
        Thread dbThread = Thread.ofPlatform().name("embedded-mariadb-start").start(db);
        try {
            redis = track(new EmbeddedRedis(FreePorts.orPick(options.redisPort())));
            kafka = track(new EmbeddedKafka(FreePorts.orPick(options.kafkaPort()), options.kafkaPartitions()));
        } finally {
            mariaDb = track(await(db, dbThread));
        }
        log.info("Embedded infrastructure up in {} ms: {}", (System.nanoTime() - began) / 1_000_000,
                springProperties());
    }

    private static <T> T await(FutureTask<T> task, Thread thread) {
        try {
            thread.join();
            return task.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting MariaDB", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        }
    }

    private <T extends AutoCloseable> T track(T component) {
        started.add(component);
        return component;
    }

    public String redisHost() {
        return "127.0.0.1";
    }

    public int redisPort() {
        return redis.port();
    }

    public int mariaDbPort() {
        return mariaDb.port();
    }

    public String jdbcUrl() {
        return mariaDb.jdbcUrl();
    }

    public String jdbcUsername() {
        return EmbeddedMariaDb.USER;
    }

    public String jdbcPassword() {
        return options.databasePassword();
    }

    public String kafkaBootstrapServers() {
        return kafka.bootstrapServers();
    }

    /** The addresses as Spring Boot properties (the same names an external deployment sets by environment). */
    public Map<String, String> springProperties() {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("spring.data.redis.host", redisHost());
        properties.put("spring.data.redis.port", String.valueOf(redisPort()));
        properties.put("spring.datasource.url", jdbcUrl());
        properties.put("spring.datasource.username", jdbcUsername());
        properties.put("spring.datasource.password", jdbcPassword());
        properties.put("spring.kafka.bootstrap-servers", kafkaBootstrapServers());
        return properties;
    }

    /** The same addresses as environment variables (Spring relaxed binding), for child processes. */
    public Map<String, String> environment() {
        Map<String, String> env = new LinkedHashMap<>();
        springProperties().forEach((key, value) ->
                env.put(key.replace('.', '_').replace("-", "").toUpperCase(java.util.Locale.ROOT), value));
        return env;
    }

    @Override
    public void close() {
        List<AutoCloseable> toStop;
        synchronized (started) {
            toStop = new ArrayList<>(started);
            started.clear();
        }
        Collections.reverse(toStop);
        for (AutoCloseable component : toStop) {
            try {
                component.close();
            } catch (Exception e) {
                log.warn("{} did not stop cleanly: {}", component.getClass().getSimpleName(), e.getMessage());
            }
        }
        if (!options.keepDatabase()) {
            Directories.deleteQuietly(options.workDir());
        }
    }
}

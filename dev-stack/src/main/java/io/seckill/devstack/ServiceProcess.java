package io.seckill.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
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
import java.util.concurrent.TimeUnit;

/**
 * One service as a child JVM: its own classpath (the service's executable jar), its own log file, and a parent
 * watchdog ({@code seckill.parent-pid}) so it dies with the launcher even when the launcher is killed hard.
 */
final class ServiceProcess {

    private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    private final ServiceSpec spec;
    private final Path log;
    private final Process process;

    private ServiceProcess(ServiceSpec spec, Path log, Process process) {
        this.spec = spec;
        this.log = log;
        this.process = process;
    }

    static ServiceProcess start(ServiceSpec spec, Path jar, Path logDir, List<String> jvmOptions,
                                Map<String, String> environment, List<String> arguments) {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.addAll(jvmOptions);
        command.add("-jar");
        command.add(jar.toString());
        command.add("--seckill.parent-pid=" + ProcessHandle.current().pid());
        command.addAll(arguments);
        Path log = logDir.resolve(spec.name() + ".log");
        try {
            Files.createDirectories(logDir);
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            builder.environment().putAll(environment);
            return new ServiceProcess(spec, log, builder.start());
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + spec.name(), e);
        }
    }

    ServiceSpec spec() {
        return spec;
    }

    boolean isAlive() {
        return process.isAlive();
    }

    long pid() {
        return process.pid();
    }

    /**
     * Whether the service is healthy (every health contributor UP, including its database and Redis) and ready:
     * readiness turns UP only after its startup runners (migrations, seeding) have finished.
     */
    boolean isHealthy() {
        return answersUp("/actuator/health") && answersUp("/actuator/health/readiness");
    }

    private boolean answersUp(String path) {
        try {
            HttpResponse<String> response = http.send(
                    HttpRequest.newBuilder(URI.create(spec.baseUrl() + path))
                            .timeout(Duration.ofSeconds(2)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 && response.body().contains("\"UP\"");
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The last lines of the service's log, for a failure message. */
    String logTail(int lines) {
        try {
            List<String> all = Files.readAllLines(log);
            return String.join(System.lineSeparator(), all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log at " + log + ")";
        }
    }

    Path log() {
        return log;
    }

    /** SIGTERM (graceful shutdown) to the JVM and anything it started. */
    void terminate() {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
    }

    /**
     * Waits for the exit until {@code deadline} ({@link System#nanoTime()}), then SIGKILL.
     *
     * @return whether it exited by itself in time (false: it had to be killed)
     */
    boolean awaitExit(long deadline) {
        try {
            if (process.waitFor(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                return true;
            }
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        return false;
    }
}

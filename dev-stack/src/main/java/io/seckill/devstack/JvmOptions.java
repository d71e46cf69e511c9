package io.seckill.devstack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * JVM flags of the service processes. Sized so six services, the launcher and MariaDB fit the dev stack's
 * memory budget (DESIGN.md §13: ≤ 2.5 GB resident); {@code SECKILL_SERVICE_JAVA_OPTS} replaces them (for
 * example to give the benchmark bigger heaps).
 */
final class JvmOptions {

    private JvmOptions() {
    }

    /** The options chosen by the environment, before the class archive's. */
    static List<String> base(Map<String, String> environment, Path stateDir) {
        List<String> options = new ArrayList<>();
        String custom = environment.get("SECKILL_SERVICE_JAVA_OPTS");
        if (custom != null && !custom.isBlank()) {
            options.addAll(List.of(custom.trim().split("\\s+")));
        } else {
            // Serial GC and small heaps: these processes idle in dev; the benchmark sets its own options.
            options.addAll(List.of("-XX:+UseSerialGC", "-Xms32m", "-Xmx320m", "-Xss512k",
                    "-XX:ReservedCodeCacheSize=64m", "-XX:MaxMetaspaceSize=192m", "-XX:TieredStopAtLevel=1"));
        }
        options.add("-Djava.io.tmpdir=" + stateDir.resolve("tmp"));
        if (Runtime.version().feature() >= 24) {
            // Kafka's client still calls sun.misc.Unsafe and Netty native code: allowed, without a warning per start.
            options.add("--sun-misc-unsafe-memory-access=allow");
            options.add("--enable-native-access=ALL-UNNAMED");
        }
        return options;
    }

    /** With AppCDS: the first run writes each service's class archive at exit, later starts map it. */
    static List<String> withClassArchive(List<String> base, Path stateDir, String service) {
        List<String> options = new ArrayList<>(base);
        // The JVM rebuilds it by itself when the jar changes.
        options.add("-XX:+AutoCreateSharedArchive");
        options.add("-XX:SharedArchiveFile=" + classArchive(stateDir, service));
        return options;
    }

    /**
     * Whether the service JVM will write its class archive as it exits (none yet, or older than the jar): six
     * JVMs dumping at once on two cores took 15–18 s, close to a stop's grace period.
     */
    static boolean writesClassArchive(Path stateDir, String service, Path jar) {
        Path archive = classArchive(stateDir, service);
        try {
            return !Files.exists(archive)
                    || Files.getLastModifiedTime(archive).compareTo(Files.getLastModifiedTime(jar)) < 0;
        } catch (IOException e) {
            return true;
        }
    }

    private static Path classArchive(Path stateDir, String service) {
        return stateDir.resolve("cds").resolve(service + ".jsa");
    }

    /** With the AOT cache instead (see {@link AotCache}). */
    static List<String> withAotCache(List<String> base, AotCache.Decision cache) {
        List<String> options = new ArrayList<>(base);
        options.add(cache.jvmOption());
        return options;
    }
}

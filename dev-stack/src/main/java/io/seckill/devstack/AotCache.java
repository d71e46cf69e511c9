package io.seckill.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The JDK's AOT cache of a service (JEP 483, 514, 515; JDK 25): its classes loaded and linked, and the JIT's
 * method profiles, taken from an earlier run of the same jar with the same JVM options. Without it, the first
 * rush after a start is where ~10,000 methods get compiled, on the cores the rush needs (docs/benchmarks.md).
 *
 * <p>On when {@code SECKILL_AOT_CACHE=on} (the bench's own stacks default to it). A start with no usable cache
 * is the training run ({@code -XX:AOTCacheOutput}): the JVM writes the cache when it exits, which makes that
 * stop take up to a minute or two; later starts map it ({@code -XX:AOTCache}). A cache older than the jar, or
 * recorded with other JVM options, is not used: a new one is recorded. The JVM validates a cache itself and runs
 * without it (with a warning in the log) when it does not match.
 */
final class AotCache {

    static final String SWITCH = "SECKILL_AOT_CACHE";
    /**
     * {@code <service>=use|record} per service of the running stack (deleted when it stops): what the bench
     * reports, and how {@code ./seckill down} knows to wait for the caches to be written.
     */
    private static final String MODES = "modes.properties";

    enum Mode { RECORD, USE }

    record Decision(Mode mode, Path file) {
        String jvmOption() {
            return (mode == Mode.USE ? "-XX:AOTCache=" : "-XX:AOTCacheOutput=") + file;
        }
    }

    private AotCache() {
    }

    /** Whether AOT caches are wanted and this JDK can record them in one step (JEP 514 is JDK 25). */
    static boolean enabled(Map<String, String> environment, int javaFeature) {
        String value = environment.getOrDefault(SWITCH, "off").trim().toLowerCase(Locale.ROOT);
        return javaFeature >= 25 && (value.equals("on") || value.equals("true") || value.equals("1"));
    }

    /**
     * @param jar     the class path the service starts from (an extracted jar: the cache is bound to it)
     * @param options the service's JVM options, without the cache's own
     */
    static Decision decide(Path stateDir, String service, Path jar, List<String> options) {
        Path file = directory(stateDir).resolve(service + "-" + fingerprint(options) + ".aot");
        try {
            boolean usable = Files.isRegularFile(file) && Files.size(file) > 0
                    && Files.getLastModifiedTime(file).compareTo(Files.getLastModifiedTime(jar)) > 0;
            Files.createDirectories(file.getParent());
            if (usable) {
                note(stateDir, service + "=use");
                return new Decision(Mode.USE, file);
            }
            // Whatever half-written cache or left-over configuration of a killed training run is here goes.
            Files.deleteIfExists(file);
            Files.deleteIfExists(file.resolveSibling(file.getFileName() + ".config"));
            note(stateDir, service + "=record");
            return new Decision(Mode.RECORD, file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the AOT cache " + file, e);
        }
    }

    /** Whether some service of this stack records a cache at its exit (the stop then takes longer). */
    static boolean recording(Path stateDir) {
        Path modes = directory(stateDir).resolve(MODES);
        try {
            return Files.exists(modes) && Files.readAllLines(modes).stream().anyMatch(line -> line.endsWith("=record"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** At a stack's start and after its stop: what the file says is only true of a running stack. */
    static void reset(Path stateDir) {
        try {
            Files.deleteIfExists(directory(stateDir).resolve(MODES));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void note(Path stateDir, String line) throws IOException {
        Files.writeString(directory(stateDir).resolve(MODES), line + System.lineSeparator(),
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    static Path directory(Path stateDir) {
        return stateDir.resolve("aot");
    }

    private static String fingerprint(List<String> options) {
        return HexFormat.of().toHexDigits(String.join(" ", options).hashCode());
    }
}

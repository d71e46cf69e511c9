package io.seckill.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** When a service records its AOT cache and when it starts from one. */
class AotCacheTest {

    private static final List<String> BENCH = List.of("-XX:+UseParallelGC", "-Xmx1g");

    @TempDir
    Path state;

    @Test
    void isOffUnlessAskedForAndNeedsJdk25() {
        assertThat(AotCache.enabled(Map.of(), 25)).isFalse();
        assertThat(AotCache.enabled(Map.of(AotCache.SWITCH, "off"), 25)).isFalse();
        assertThat(AotCache.enabled(Map.of(AotCache.SWITCH, "on"), 25)).isTrue();
        assertThat(AotCache.enabled(Map.of(AotCache.SWITCH, " ON "), 26)).isTrue();
        // JDK 24 maps caches but cannot record one in a single run (JEP 514).
        assertThat(AotCache.enabled(Map.of(AotCache.SWITCH, "on"), 24)).isFalse();
    }

    @Test
    void theFirstStartRecordsAndTheNextUsesWhatItWrote() throws Exception {
        Path jar = jar(Instant.parse("2026-12-02T10:00:00Z"));

        AotCache.Decision first = AotCache.decide(state, "seckill-api", jar, BENCH);
        assertThat(first.mode()).isEqualTo(AotCache.Mode.RECORD);
        assertThat(first.jvmOption()).isEqualTo("-XX:AOTCacheOutput=" + first.file());
        assertThat(AotCache.recording(state)).isTrue();
        assertThat(AotCache.directory(state).resolve("modes.properties")).content()
                .isEqualToIgnoringNewLines("seckill-api=record");

        writeCache(first.file(), Instant.parse("2026-12-02T10:05:00Z"));
        AotCache.reset(state); // the stack stopped; the next one starts
        assertThat(AotCache.recording(state)).isFalse();

        AotCache.Decision second = AotCache.decide(state, "seckill-api", jar, BENCH);
        assertThat(second).isEqualTo(new AotCache.Decision(AotCache.Mode.USE, first.file()));
        assertThat(second.jvmOption()).isEqualTo("-XX:AOTCache=" + first.file());
        assertThat(AotCache.recording(state)).isFalse();
        assertThat(AotCache.directory(state).resolve("modes.properties")).content()
                .isEqualToIgnoringNewLines("seckill-api=use");
    }

    @Test
    void aRebuiltJarMakesTheCacheStaleAndItIsRecordedAgain() throws Exception {
        Path jar = jar(Instant.parse("2026-12-02T10:00:00Z"));
        Path cache = AotCache.decide(state, "order-service", jar, BENCH).file();
        writeCache(cache, Instant.parse("2026-12-02T10:05:00Z"));
        Files.setLastModifiedTime(jar, FileTime.from(Instant.parse("2026-12-02T11:00:00Z")));

        AotCache.Decision decision = AotCache.decide(state, "order-service", jar, BENCH);

        assertThat(decision.mode()).isEqualTo(AotCache.Mode.RECORD);
        // The stale cache is gone: the JVM writes a new one in its place at exit.
        assertThat(decision.file()).isEqualTo(cache).doesNotExist();
    }

    @Test
    void otherJvmOptionsGetTheirOwnCache() throws Exception {
        Path jar = jar(Instant.parse("2026-12-02T10:00:00Z"));
        Path bench = AotCache.decide(state, "seckill-api", jar, BENCH).file();
        writeCache(bench, Instant.parse("2026-12-02T10:05:00Z"));

        AotCache.Decision dev = AotCache.decide(state, "seckill-api", jar, List.of("-XX:+UseSerialGC", "-Xmx320m"));

        assertThat(dev.mode()).isEqualTo(AotCache.Mode.RECORD);
        assertThat(dev.file()).isNotEqualTo(bench);
        assertThat(bench).exists();
    }

    @Test
    void aTrainingRunKilledBeforeItsCacheWasWrittenIsRecordedAgain() throws Exception {
        Path jar = jar(Instant.parse("2026-12-02T10:00:00Z"));
        Path cache = AotCache.decide(state, "admin-back", jar, BENCH).file();
        // What a JVM killed while assembling leaves: an empty cache and its configuration file.
        Files.createFile(cache);
        Files.createFile(cache.resolveSibling(cache.getFileName() + ".config"));

        AotCache.Decision decision = AotCache.decide(state, "admin-back", jar, BENCH);

        assertThat(decision.mode()).isEqualTo(AotCache.Mode.RECORD);
        assertThat(cache).doesNotExist();
        assertThat(cache.resolveSibling(cache.getFileName() + ".config")).doesNotExist();
    }

    private Path jar(Instant built) throws Exception {
        Path jar = Files.createDirectories(state.resolve("app")).resolve("service.jar");
        Files.write(jar, new byte[] {1});
        Files.setLastModifiedTime(jar, FileTime.from(built));
        return jar;
    }

    private static void writeCache(Path cache, Instant written) throws Exception {
        Files.write(cache, new byte[] {42});
        Files.setLastModifiedTime(cache, FileTime.from(written));
    }
}

package io.seckill.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A service's executable jar unpacked by Spring Boot's jar tools ({@code -Djarmode=tools extract}): a thin jar
 * and {@code lib/}. The JVM's class archives (AppCDS, the AOT cache) can only hold classes loaded from plain jars
 * on the class path, not from jars nested in a Boot jar; unpacked, the service's own and its libraries' classes
 * are archived too. Re-extracted when the executable jar is newer than the extraction.
 */
final class ExtractedJar {

    private ExtractedJar() {
    }

    static Path of(Path executableJar, Path directory) {
        Path thin = directory.resolve(executableJar.getFileName());
        try {
            FileTime built = Files.getLastModifiedTime(executableJar);
            if (Files.exists(thin) && Files.getLastModifiedTime(thin).compareTo(built) >= 0) {
                return thin;
            }
            deleteTree(directory);
            Files.createDirectories(directory.getParent());
            Process extract = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"),
                    "-Djarmode=tools", "-jar", executableJar.toString(), "extract", "--destination",
                    directory.toString())
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!extract.waitFor(2, TimeUnit.MINUTES) || extract.exitValue() != 0 || !Files.exists(thin)) {
                extract.destroyForcibly();
                throw new IllegalStateException("could not extract " + executableJar + " into " + directory);
            }
            // Stamp it with the build's time: a later build is what makes it stale, not the extraction's clock.
            Files.setLastModifiedTime(thin, built);
            return thin;
        } catch (IOException e) {
            throw new UncheckedIOException("could not extract " + executableJar, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while extracting " + executableJar, e);
        }
    }

    private static void deleteTree(Path directory) throws IOException {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}

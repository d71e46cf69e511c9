package io.seckill.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** Finds a service's executable jar ({@code <module>/target/<module>-<version>-exec.jar}) in the build tree. */
final class ServiceJars {

    private ServiceJars() {
    }

    static Path find(Path home, String module) {
        Path target = home.resolve(module).resolve("target");
        if (Files.isDirectory(target)) {
            try (Stream<Path> files = Files.list(target)) {
                var jar = files.filter(p -> {
                    String name = p.getFileName().toString();
                    return name.startsWith(module + "-") && name.endsWith("-exec.jar");
                }).findFirst();
                if (jar.isPresent()) {
                    return jar.get();
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        throw new DevStack.StartFailure("no executable jar for " + module + " under " + target
                + ": build first (./seckill up builds when sources changed; or ./mvnw -DskipTests package)");
    }
}

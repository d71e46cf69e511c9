package io.seckill.devstack;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs {@code ./seckill} as a user does, with its own state folder, and returns its exit code and output. */
final class SeckillCli {

    record Result(int exit, String output) {
    }

    private SeckillCli() {
    }

    static Result run(Path home, Path state, Map<String, String> environment, String... args) {
        List<String> command = new ArrayList<>(List.of(home.resolve("seckill").toString()));
        command.addAll(List.of(args));
        try {
            Files.createDirectories(state);
            Path out = Files.createTempFile(state, "seckill-", ".out");
            ProcessBuilder builder = new ProcessBuilder(command).directory(home.toFile())
                    .redirectErrorStream(true).redirectOutput(out.toFile());
            builder.environment().putAll(environment);
            builder.environment().put("SECKILL_STATE_DIR", state.toString());
            Process process = builder.start();
            if (!process.waitFor(5, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new AssertionError("./seckill " + String.join(" ", args) + " did not finish in 5 minutes");
            }
            return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}

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

    /** {@code ./seckill <args>} still running in the foreground, as in a terminal, with its output in a file. */
    record Foreground(Process process, Path output) {

        String outputSoFar() {
            try {
                return Files.readString(output, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        }

        /**
         * What Ctrl-C in a terminal does: SIGINT to every process of the foreground process group (the script
         * runs as the leader of its own group, see {@link #start}), not to the script alone.
         */
        void pressCtrlC() throws IOException, InterruptedException {
            new ProcessBuilder("kill", "-INT", "--", "-" + process.pid()).inheritIO().start().waitFor();
        }
    }

    /**
     * Starts {@code ./seckill <args>} as the leader of a new process group and session ({@code setsid}), as a shell
     * starts a foreground job, so that {@link Foreground#pressCtrlC()} reaches it and whatever shares its group.
     */
    static Foreground start(Path home, Path state, Map<String, String> environment, String... args)
            throws IOException {
        Path out = output(state);
        return new Foreground(builder(home, state, environment, out, "setsid", args).start(), out);
    }

    static Result run(Path home, Path state, Map<String, String> environment, String... args) {
        try {
            Path out = output(state);
            ProcessBuilder builder = builder(home, state, environment, out, null, args);
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

    private static Path output(Path state) throws IOException {
        Files.createDirectories(state);
        return Files.createTempFile(state, "seckill-", ".out");
    }

    /** {@code ./seckill <args>} (behind {@code wrapper} when given) with its own state folder, output to {@code out}. */
    private static ProcessBuilder builder(Path home, Path state, Map<String, String> environment, Path out,
                                          String wrapper, String... args) {
        List<String> command = new ArrayList<>();
        if (wrapper != null) {
            command.add(wrapper);
        }
        command.add(home.resolve("seckill").toString());
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(home.toFile())
                .redirectErrorStream(true).redirectOutput(out.toFile());
        builder.environment().putAll(environment);
        builder.environment().put("SECKILL_STATE_DIR", state.toString());
        return builder;
    }
}

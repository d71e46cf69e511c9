package io.seckill.devstack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Records what the smoke test measured (time to healthy, resident memory of the launcher and everything it
 * started) in {@code target/stack-figures.txt}: figures for the README, never an assertion on timing.
 */
final class Figures {

    private Figures() {
    }

    static void record(double secondsToHealthy, List<ProcessHandle> processes) {
        long rssKb = processes.stream().mapToLong(Figures::rssKb).sum();
        String line = String.format("up --detach (built) to all healthy: %.1f s; resident memory of %d processes: %d MB%n",
                secondsToHealthy, processes.size(), rssKb / 1024);
        System.out.print(line);
        try {
            Files.writeString(Path.of("target/stack-figures.txt"), line);
        } catch (IOException ignored) {
            // figures are informative only
        }
    }

    private static long rssKb(ProcessHandle process) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(process.pid()), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D", ""));
                }
            }
        } catch (IOException | RuntimeException ignored) {
            // the process ended, or no /proc here
        }
        return 0;
    }
}

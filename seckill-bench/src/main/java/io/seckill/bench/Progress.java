package io.seckill.bench;

import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.ConcurrentHistogram;

/**
 * The live line of a long step: calls done, rate, accepted, errors, p99 so far. Rewritten in place on a terminal,
 * one line every 5 s otherwise (CI logs).
 */
final class Progress {

    private final Thread thread;

    private Progress(Thread thread) {
        this.thread = thread;
    }

    static Progress start(String name, int count, long begin, AtomicInteger started, Map<String, LongAdder> outcomes,
                          ConcurrentHistogram latency) {
        boolean terminal = System.console() != null;
        Thread thread = Thread.ofPlatform().daemon().name("progress-" + name).start(() -> {
            long tick = 0;
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    Thread.sleep(1000); // a display refresh, not a wait for a condition
                } catch (InterruptedException e) {
                    return;
                }
                tick++;
                if (!terminal && tick % 5 != 0) {
                    continue;
                }
                System.out.print((terminal ? "\r" : "") + line(name, count, begin, started.get(), outcomes, latency)
                        + (terminal ? "   " : "\n"));
                System.out.flush();
            }
        });
        return new Progress(thread);
    }

    static String line(String name, int count, long begin, int started, Map<String, LongAdder> outcomes,
                       ConcurrentHistogram latency) {
        double seconds = Math.max(0.001, (System.nanoTime() - begin) / 1e9);
        long done = outcomes.values().stream().mapToLong(LongAdder::sum).sum();
        long accepted = outcomes.getOrDefault(OpenLoop.ACCEPTED, new LongAdder()).sum();
        long errors = outcomes.entrySet().stream().filter(e -> e.getKey().startsWith("ERROR"))
                .mapToLong(e -> e.getValue().sum()).sum();
        return String.format("  %s %,d/%,d  %,.0f/s  accepted %,d  errors %,d  p99 %.1f ms  (%.0f s)", name, done, count,
                done / seconds, accepted, errors, latency.getValueAtPercentile(99) / 1000.0, seconds);
    }

    void stop() {
        thread.interrupt();
        if (System.console() != null) {
            System.out.println();
        }
    }
}

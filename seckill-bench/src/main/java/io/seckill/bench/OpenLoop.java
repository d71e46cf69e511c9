package io.seckill.bench;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.ConcurrentHistogram;

/**
 * The schedule's figures: calls due at {@code start + i / rate} and timed FROM THAT INTENDED TIME, so when the system
 * falls behind, the queueing delay it causes is in the latency (coordinated omission corrected, as wrk2 does); with
 * no rate the calls go back to back (the preparation phases, whose rate is reported but whose latency is not the
 * figure). {@link SocketLoop} drives the calls and fills a {@link Tally}; a run ends as a {@link Result}.
 */
final class OpenLoop {

    static final String ACCEPTED = "ACCEPTED";
    static final long MAX_LATENCY_MS = 120_000;

    record Result(String name, int count, int sent, double seconds, Map<String, Long> outcomes,
                  ConcurrentHistogram latencyMicros, long[] sentPerSecond, long[] acceptedPerSecond, long[] errorsPerSecond) {

        long outcome(String code) {
            return outcomes.getOrDefault(code, 0L);
        }

        long errors() {
            return outcomes.entrySet().stream().filter(e -> e.getKey().startsWith("ERROR")).mapToLong(Map.Entry::getValue).sum();
        }

        double ratePerSecond() {
            return seconds <= 0 ? 0 : sent / seconds;
        }
    }

    private OpenLoop() {
    }

    /**
     * The figures of one run: latency from the intended send time, outcomes, and per-second sent / accepted /
     * errors; thread-safe, with the live progress line.
     */
    static final class Tally {

        private final String name;
        private final int count;
        private final long begin = System.nanoTime();
        private final int seconds;
        private final ConcurrentHistogram latency = new ConcurrentHistogram(MAX_LATENCY_MS * 1000, 3);
        private final Map<String, LongAdder> outcomes = new ConcurrentHashMap<>();
        private final AtomicLongArray sent;
        private final AtomicLongArray accepted;
        private final AtomicLongArray errors;
        private final AtomicInteger started = new AtomicInteger();
        private final Progress progress;

        Tally(String name, int count, Duration limit) {
            this.name = name;
            this.count = count;
            this.seconds = (int) limit.toSeconds() + 2;
            this.sent = new AtomicLongArray(seconds);
            this.accepted = new AtomicLongArray(seconds);
            this.errors = new AtomicLongArray(seconds);
            this.progress = Progress.start(name, count, begin, started, outcomes, latency);
        }

        long begin() {
            return begin;
        }

        void started() {
            started.incrementAndGet();
        }

        void record(String outcome, long intended, long done) {
            latency.recordValue(Math.min(MAX_LATENCY_MS * 1000, Math.max(0, (done - intended) / 1000)));
            outcomes.computeIfAbsent(outcome, k -> new LongAdder()).increment();
            int second = (int) Math.min(seconds - 1, Math.max(0, (done - begin) / 1_000_000_000L));
            sent.incrementAndGet(second);
            if (ACCEPTED.equals(outcome)) {
                accepted.incrementAndGet(second);
            } else if (outcome.startsWith("ERROR")) {
                errors.incrementAndGet(second);
            }
        }

        Result finish() {
            double elapsed = (System.nanoTime() - begin) / 1e9;
            progress.stop();
            Map<String, Long> totals = new java.util.TreeMap<>();
            outcomes.forEach((k, v) -> totals.put(k, v.sum()));
            int done = started.get();
            if (done < count) {
                totals.put("UNSENT", (long) (count - done));
            }
            int used = (int) Math.min(seconds, Math.ceil(elapsed));
            return new Result(name, count, done, elapsed, totals, latency, slice(sent, used), slice(accepted, used),
                    slice(errors, used));
        }
    }

    private static long[] slice(AtomicLongArray values, int length) {
        long[] out = new long[Math.max(1, length)];
        for (int i = 0; i < out.length && i < values.length(); i++) {
            out[i] = values.get(i);
        }
        return out;
    }
}

package io.seckill.bench;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

/**
 * The command line of {@code ./seckill bench}. {@code --home} and {@code --state-dir} are passed by the script;
 * the rest is the user's. Bad input is a {@link UsageException} (exit 2) before anything is started.
 *
 * @param target    the deployment's base URL (the router by default); seckill-api itself with {@code --direct}
 * @param remote    a {@code --target} was given: nothing can be seeded in it or checked from its databases
 * @param presses   how many times each buyer presses "buy" (the rush and mixed scenarios): the presses after the
 *                  first come in later waves, as refused buyers retry, and are what a sold-out rush mostly is
 */
record BenchOptions(int users, int stock, int concurrency, Duration duration, Scenario scenario, int presses, URI target,
                    boolean remote, boolean direct, Duration drainTimeout, Path home, Path stateDir, Path resultsDir,
                    boolean validateOnly) {

    static final int MAX_USERS = 1_000_000;
    static final int MAX_CONCURRENCY = 10_000;
    static final int MAX_PRESSES = 100;
    static final URI DEFAULT_TARGET = URI.create("http://localhost:8080");
    static final URI SECKILL_API_DIRECT = URI.create("http://127.0.0.1:8100");

    /** What the crowd does; see docs/benchmarks.md. */
    enum Scenario {
        /** Far more buyers than units: one attempt each, most refused as sold out. */
        RUSH,
        /** As many units as buyers: every attempt should be accepted and become an order. */
        PLENTY,
        /** A rush plus retries with a spent path and attempts with a forged path, all of which must be refused. */
        MIXED;

        static Scenario parse(String value) {
            try {
                return valueOf(value.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new UsageException("--scenario must be rush, plenty or mixed, not '" + value + "'");
            }
        }
    }

    /** The units on sale: the plenty scenario sells one to every user whatever {@code --stock} says. */
    int effectiveStock() {
        return scenario == Scenario.PLENTY ? users : stock;
    }

    /**
     * In flight while captchas and paths are fetched: each buyer's first call costs seckill-api an ECDSA check of
     * a token it has never seen, so a thousand at once only queue (seen: p99 11 s and time-outs on a cold stack)
     * without going faster; the attempt phase keeps {@code --concurrency}.
     */
    int preparationConcurrency() {
        return Math.min(concurrency, 200);
    }

    /** Where the customer calls (captcha, path, attempt) go. */
    URI customerBase() {
        return direct ? SECKILL_API_DIRECT : target;
    }

    static BenchOptions parse(String... args) {
        int users = 20_000;
        Integer stock = null;
        int concurrency = 200;
        Duration duration = Duration.ofSeconds(20);
        Scenario scenario = Scenario.RUSH;
        int presses = 1;
        URI target = DEFAULT_TARGET;
        boolean remote = false;
        boolean direct = false;
        Duration drain = Duration.ofSeconds(300);
        Path home = Path.of(".");
        Path state = null;
        Path results = null;
        boolean validateOnly = false;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String value = null;
            int eq = arg.indexOf('=');
            if (arg.startsWith("--") && eq > 0) {
                value = arg.substring(eq + 1);
                arg = arg.substring(0, eq);
            }
            switch (arg) {
                case "--direct" -> direct = true;
                case "--validate-only" -> validateOnly = true;
                case "--users", "--stock", "--concurrency", "--duration", "--scenario", "--presses", "--target", "--drain-timeout",
                     "--home", "--state-dir", "--results-dir" -> {
                    if (value == null) {
                        if (i + 1 >= args.length) {
                            throw new UsageException(arg + " needs a value");
                        }
                        value = args[++i];
                    }
                    switch (arg) {
                        case "--users" -> users = positive(arg, value, MAX_USERS);
                        case "--stock" -> stock = positive(arg, value, 1_000_000);
                        case "--concurrency" -> concurrency = positive(arg, value, MAX_CONCURRENCY);
                        case "--duration" -> duration = duration(arg, value);
                        case "--drain-timeout" -> drain = duration(arg, value);
                        case "--scenario" -> scenario = Scenario.parse(value);
                        case "--presses" -> presses = positive(arg, value, MAX_PRESSES);
                        case "--target" -> {
                            target = url(value);
                            remote = true;
                        }
                        case "--home" -> home = Path.of(value);
                        case "--results-dir" -> results = Path.of(value);
                        default -> state = Path.of(value);
                    }
                }
                default -> throw new UsageException("unknown option " + args[i]);
            }
        }
        int units = stock == null ? Math.max(1, Math.min(500, users / 10)) : stock;
        if (scenario != Scenario.PLENTY && units > users) {
            throw new UsageException("--stock " + units + " is more than --users " + users
                    + ": use --scenario plenty to sell one unit to everyone");
        }
        if (scenario == Scenario.PLENTY && presses > 1) {
            throw new UsageException("--presses is for rush and mixed: in plenty every buyer's first press is accepted");
        }
        if (remote && direct) {
            throw new UsageException("--direct aims at the local seckill-api (127.0.0.1:8100); it cannot go with --target");
        }
        Path stateDir = state == null ? home.resolve(".seckill") : state;
        return new BenchOptions(users, units, concurrency, duration, scenario, presses, target, remote, direct, drain,
                home, stateDir, results == null ? home.resolve("bench-results") : results, validateOnly);
    }

    private static int positive(String option, String value, int max) {
        try {
            int n = Integer.parseInt(value.replace("_", "").replace(",", ""));
            if (n < 1 || n > max) {
                throw new UsageException(option + " must be between 1 and " + max + ", not " + value);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new UsageException(option + " must be a whole number, not '" + value + "'");
        }
    }

    /** {@code 15}, {@code 15s}, {@code 2m}. */
    static Duration duration(String option, String value) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        long factor = 1;
        if (v.endsWith("m")) {
            factor = 60;
            v = v.substring(0, v.length() - 1);
        } else if (v.endsWith("s")) {
            v = v.substring(0, v.length() - 1);
        }
        try {
            long seconds = Long.parseLong(v) * factor;
            if (seconds < 1 || seconds > 3600) {
                throw new UsageException(option + " must be between 1 s and 60 m, not " + value);
            }
            return Duration.ofSeconds(seconds);
        } catch (NumberFormatException e) {
            throw new UsageException(option + " must be seconds (15, 15s) or minutes (2m), not '" + value + "'");
        }
    }

    private static URI url(String value) {
        try {
            URI uri = URI.create(value.endsWith("/") ? value.substring(0, value.length() - 1) : value);
            if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
                throw new UsageException("--target must be an http(s) URL such as http://localhost:8080, not '" + value + "'");
            }
            return uri;
        } catch (IllegalArgumentException e) {
            throw new UsageException("--target must be an http(s) URL such as http://localhost:8080, not '" + value + "'");
        }
    }

    /** A command line that cannot run; the message says why. */
    static final class UsageException extends RuntimeException {
        UsageException(String message) {
            super(message);
        }
    }
}

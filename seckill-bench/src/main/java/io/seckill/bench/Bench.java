package io.seckill.bench;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code ./seckill bench}: prepares buyers and an activity, runs the rush, waits for the order pipeline, checks the
 * promises of DESIGN.md §1 and writes {@code bench-results/<timestamp>/}. Exit 0 when every invariant holds, 1 when
 * one fails, 2 for a bad command line, 3 when the run could not be done.
 */
public final class Bench {

    static final int EXIT_INVARIANT_FAILED = 1;
    static final int EXIT_USAGE = 2;
    static final int EXIT_CANNOT_RUN = 3;
    private static final Duration TOKEN_TTL = Duration.ofHours(2);

    private Bench() {
    }

    public static void main(String[] args) {
        BenchOptions options;
        try {
            options = BenchOptions.parse(args);
        } catch (BenchOptions.UsageException e) {
            System.err.println("seckill bench: " + e.getMessage());
            System.exit(EXIT_USAGE);
            return;
        }
        if (options.validateOnly()) {
            return;
        }
        int exit;
        try {
            exit = run(options);
        } catch (BenchFailure e) {
            System.err.println("seckill bench: " + e.getMessage());
            exit = EXIT_CANNOT_RUN;
        } catch (Exception e) {
            System.err.println("seckill bench: the run failed: " + e);
            e.printStackTrace();
            exit = EXIT_CANNOT_RUN;
        }
        System.exit(exit);
    }

    static int run(BenchOptions o) throws Exception {
        requireLoopback(o.target());
        Instant startedAt = Instant.now();
        DevStackState stack = DevStackState.read(o.stateDir());
        step("Seeding %,d users into users (dev-only bulk insert) ...", o.users());
        double seedSeconds = UserSeeder.seed(stack, o.users());
        step("  %,d users in %.1f s", o.users(), seedSeconds);
        long mintBegan = System.nanoTime();
        String[] tokens = TokenMinter.mint(stack.signingKey(), o.users(), TOKEN_TTL);
        double mintSeconds = (System.nanoTime() - mintBegan) / 1e9;
        step("  %,d access tokens minted with the dev key in %.1f s", o.users(), mintSeconds);

        try (Http http = new Http()) {
            AdminClient admin = AdminClient.login(http, o.target(), stack.adminUser(), stack.adminPassword());
            String title = "bench " + o.scenario().name().toLowerCase() + " " + startedAt;
            Instant later = Instant.now().plus(Duration.ofHours(1));
            AdminClient.Activity activity = admin.createActivity(title, o.effectiveStock(), later, later.plus(Duration.ofHours(1)));
            admin.preheat(activity);
            step("Activity %d: stock %,d, per-user limit %d, created and preheated through the admin API",
                    activity.id(), activity.stock(), activity.perUserLimit());

            Crowd crowd = new Crowd(o.customerBase(), activity.id(), tokens);
            step("Captchas (before the sale, as buyers do) ...");
            OpenLoop.Result captchas = crowd.fetchCaptchas(o.preparationConcurrency(), Duration.ofSeconds(100));
            if (captchas.outcome(Crowd.NO_DEV_ANSWER) > 0) {
                throw new BenchFailure("captchas come without devAnswer: the anti-bot step can only be passed by a "
                        + "dev-profile deployment");
            }
            phaseLine(captchas);

            Instant opens = Instant.now().plusSeconds(3);
            activity = admin.reschedule(activity, title, opens, opens.plus(o.duration()).plus(Duration.ofMinutes(10)));
            admin.preheat(activity);
            SaleClock.awaitLive(http, o.customerBase(), activity.id(), tokens[0], opens);
            step("Sale open at %s; paths (one-time, 60 s) ...", opens);
            OpenLoop.Result paths = crowd.fetchPaths(o.preparationConcurrency(), Duration.ofSeconds(50));
            phaseLine(paths);

            AttemptPlan plan = AttemptPlan.of(o.scenario(), o.users(), o.presses(), startedAt.toEpochMilli());
            double rate = plan.size() / (double) o.duration().toSeconds();
            step("Attempts: %,d at %,.0f/s offered, at most %d in flight ...", plan.size(), rate, o.concurrency());
            OrderMetrics metricsBefore = OrderMetrics.scrape(http);
            long attemptsBegan = System.currentTimeMillis();
            OpenLoop.Result attempts = crowd.attempt(plan, rate, o.concurrency(), o.duration().plusSeconds(10));
            phaseLine(attempts);

            Outcome outcome = Outcome.of(plan, crowd.reservations(), o.users());
            try (Ledgers ledgers = new Ledgers(stack, activity.id())) {
                step("Waiting for the order pipeline to drain (%,d accepted, at most %d s) ...",
                        outcome.accepted().size(), o.drainTimeout().toSeconds());
                long drainBegan = System.nanoTime();
                Ledgers.Pipeline drained = ledgers.drain(outcome.accepted().size(), o.drainTimeout());
                step("  %s after %.1f s", drained, (System.nanoTime() - drainBegan) / 1e9);
                Facts facts = ledgers.facts(activity.stock(), activity.perUserLimit(), outcome.accepted(), outcome.refusedUsers());
                List<Invariants.Check> checks = Invariants.check(facts);
                Map<String, Object> orderService = OrderMetrics.scrape(http).since(metricsBefore);
                OrderTimes orders = OrderTimes.of(facts, attemptsBegan);

                Map<String, Object> settings = new LinkedHashMap<>();
                settings.put("users", o.users());
                settings.put("presses", o.presses());
                settings.put("stock", activity.stock());
                settings.put("concurrency", o.concurrency());
                settings.put("durationSeconds", o.duration().toSeconds());
                settings.put("offeredAttemptsPerSecond", Report.round(rate));
                settings.put("attempts", plan.size());
                settings.put("target", o.customerBase().toString());
                settings.put("direct", o.direct());
                settings.put("activityId", Long.toString(activity.id()));
                settings.put("serviceJavaOpts", System.getenv().getOrDefault("SECKILL_SERVICE_JAVA_OPTS", "(dev defaults)"));
                Map<String, String> aot = DevStackState.aotCache(o.stateDir());
                settings.put("aotCache", aot.isEmpty() ? "off" : aot);

                Map<String, Object> report = new LinkedHashMap<>();
                report.put("scenario", o.scenario().name().toLowerCase());
                report.put("startedAt", startedAt.toString());
                report.put("machine", Machine.describe());
                report.put("settings", settings);
                report.put("attemptsPerSecond", Report.round(attempts.ratePerSecond()));
                report.put("acceptedPerSecond", Report.round(attempts.outcome(OpenLoop.ACCEPTED) / attempts.seconds()));
                report.put("latencyMs", Report.percentilesMs(attempts.latencyMicros(), 50, 99, 99.9));
                report.put("ordersPerSecond", Report.round(orders.perSecond()));
                report.put("reservationToOrderMs", Report.percentilesMs(orders.reservationToOrderMicros(), 50, 99));
                report.put("outcomes", attempts.outcomes());
                report.put("orderService", orderService);
                Map<String, Object> phases = new LinkedHashMap<>();
                phases.put("seedUsers", Map.of("sent", o.users(), "seconds", Report.round(seedSeconds),
                        "perSecond", Report.round(o.users() / seedSeconds), "outcomes", Map.of()));
                phases.put("mintTokens", Map.of("sent", o.users(), "seconds", Report.round(mintSeconds),
                        "perSecond", Report.round(o.users() / mintSeconds), "outcomes", Map.of()));
                for (OpenLoop.Result phase : List.of(captchas, paths, attempts)) {
                    phases.put(phase.name(), phase(phase));
                }
                report.put("phases", phases);
                report.put("invariants", Report.invariants(checks));
                boolean ok = Invariants.allOk(checks);
                report.put("ok", ok);

                Path dir = o.resultsDir().resolve(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC)
                        .format(startedAt) + "-" + o.scenario().name().toLowerCase());
                java.nio.file.Files.createDirectories(dir);
                List<String> charts = Charts.write(dir, attempts, orders.perSecondSeries(), orders.reservationToOrderMicros());
                Report.write(dir, report, charts);
                summary(report, checks, attempts, dir);
                return ok ? 0 : EXIT_INVARIANT_FAILED;
            }
        }
    }

    /** The generator runs on the same machine as what it measures, and the seeding needs local databases. */
    static void requireLoopback(URI target) {
        try {
            if (!InetAddress.getByName(target.getHost()).isLoopbackAddress()) {
                throw new BenchFailure("--target " + target + " is not on this machine. Not possible against a remote "
                        + "deployment: seeding users into its database, minting tokens with its signing key, passing "
                        + "the captcha (devAnswer exists only in the dev profile) and reading its MySQL/Redis for the "
                        + "invariant checks; the load generator also only aims at loopback. Run the bench on the host "
                        + "of a dev stack instead.");
            }
        } catch (UnknownHostException e) {
            throw new BenchFailure("--target host " + target.getHost() + " is unknown");
        }
    }

    private static Map<String, Object> phase(OpenLoop.Result r) {
        Map<String, Object> phase = new LinkedHashMap<>();
        phase.put("sent", r.sent());
        phase.put("seconds", Report.round(r.seconds()));
        phase.put("perSecond", Report.round(r.ratePerSecond()));
        phase.put("outcomes", r.outcomes());
        return phase;
    }

    private static void phaseLine(OpenLoop.Result r) {
        step("  %s: %,d in %.1f s = %,.0f/s %s", r.name(), r.sent(), r.seconds(), r.ratePerSecond(), r.outcomes());
    }

    private static void summary(Map<String, Object> report, List<Invariants.Check> checks, OpenLoop.Result attempts, Path dir) {
        step("");
        step("attempts/s %s  accepted/s %s  latency ms %s", report.get("attemptsPerSecond"), report.get("acceptedPerSecond"),
                report.get("latencyMs"));
        step("orders/s %s  reservation→order ms %s  order-service %s", report.get("ordersPerSecond"),
                report.get("reservationToOrderMs"), report.get("orderService"));
        for (Invariants.Check check : checks) {
            step("  %-32s %s  %s", check.name(), check.ok() ? "ok" : "FAILED", check.numbers());
        }
        if (attempts.outcome("RATE_LIMITED") > attempts.sent() / 100) {
            step("Note: %,d attempts were rate limited: a stack not started by the bench keeps the per-IP bucket "
                    + "(200 / 100 per s); start it with SECKILL_RATELIMIT_DEFAULTS_IP_CAPACITY and "
                    + "SECKILL_RATELIMIT_DEFAULTS_IP_PERSECOND opened, see docs/benchmarks.md", attempts.outcome("RATE_LIMITED"));
        }
        step("Report: %s", dir.resolve("report.md"));
        step(Boolean.TRUE.equals(report.get("ok")) ? "All invariants hold." : "INVARIANTS FAILED.");
    }

    static void step(String format, Object... args) {
        System.out.println(args.length == 0 ? format : String.format(format, args));
        System.out.flush();
    }
}

package io.seckill.bench;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;

/**
 * Waits for the sale to open as seckill-api sees it: the start moved (admin PUT), and seckill-api learns that by the
 * {@code seckill:activity:changed} broadcast or, at worst, when its 30 s activity cache expires. Polls the customer's
 * activity detail every 200 ms until it says LIVE, bounded.
 */
final class SaleClock {

    private static final Duration BOUND = Duration.ofSeconds(45);

    private SaleClock() {
    }

    static void awaitLive(Http http, URI base, long activityId, String token, Instant opens) throws Exception {
        long wait = Duration.between(Instant.now(), opens).toMillis();
        if (wait > 0) {
            Thread.sleep(wait); // until the announced start: a known instant, not a condition
        }
        URI detail = base.resolve("/api/seckill/activities/" + activityId);
        long deadline = System.nanoTime() + BOUND.toNanos();
        String status = "?";
        while (System.nanoTime() < deadline) {
            Http.Answer answer = http.get(detail, token);
            if (answer.status() == 200) {
                status = answer.json().path("activity").path("status").asString();
                if ("LIVE".equals(status)) {
                    return;
                }
            }
            Thread.sleep(200);
        }
        throw new BenchFailure("activity " + activityId + " is still " + status + " " + BOUND.toSeconds()
                + " s after its start: seckill-api did not see the new start time");
    }
}

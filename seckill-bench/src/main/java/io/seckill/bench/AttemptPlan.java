package io.seckill.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * The attempts of a scenario, in firing order. Every user makes one genuine attempt with the path it fetched; the
 * mixed scenario adds a retry with the same (by then usually spent) path by one user in five and a forged path by
 * one in twenty, shuffled in: whichever of a user's two genuine-path attempts comes first may win, never both.
 * With {@code presses} above one, the whole crowd presses again, wave after wave, with the same paths (refused
 * buyers retrying): the later waves meet a sold-out activity, which is most of a real rush's traffic.
 */
record AttemptPlan(int[] user, Kind[] kind) {

    enum Kind { PATH, FORGED_PATH }

    static final double RETRY_SHARE = 0.20;
    static final double FORGED_SHARE = 0.05;

    int size() {
        return user.length;
    }

    static AttemptPlan of(BenchOptions.Scenario scenario, int users, long seed) {
        return of(scenario, users, 1, seed);
    }

    static AttemptPlan of(BenchOptions.Scenario scenario, int users, int presses, long seed) {
        record Attempt(int user, Kind kind) {
        }
        List<Attempt> attempts = new ArrayList<>((users + users / 4) * presses);
        for (int i = 0; i < users; i++) {
            attempts.add(new Attempt(i, Kind.PATH));
        }
        if (scenario == BenchOptions.Scenario.MIXED) {
            Random random = new Random(seed);
            for (int i = 0; i < users; i++) {
                double draw = random.nextDouble();
                if (draw < RETRY_SHARE) {
                    attempts.add(new Attempt(i, Kind.PATH));
                } else if (draw < RETRY_SHARE + FORGED_SHARE) {
                    attempts.add(new Attempt(i, Kind.FORGED_PATH));
                }
            }
            Collections.shuffle(attempts, random);
        }
        int firstWave = attempts.size();
        for (int wave = 1; wave < presses; wave++) {
            for (int i = 0; i < firstWave; i++) {
                attempts.add(attempts.get(i));
            }
        }
        int[] user = new int[attempts.size()];
        Kind[] kind = new Kind[attempts.size()];
        for (int i = 0; i < user.length; i++) {
            user[i] = attempts.get(i).user();
            kind[i] = attempts.get(i).kind();
        }
        return new AttemptPlan(user, kind);
    }
}

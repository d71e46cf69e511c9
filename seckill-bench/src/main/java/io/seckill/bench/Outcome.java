package io.seckill.bench;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/** What the buyers were told: the accepted reservations (id → user) and the users none of whose attempts was accepted. */
record Outcome(Map<Long, Long> accepted, Set<Long> refusedUsers) {

    static Outcome of(AttemptPlan plan, long[] reservations, int users) {
        Map<Long, Long> accepted = new HashMap<>();
        Set<Long> winners = new HashSet<>();
        for (int i = 0; i < plan.size(); i++) {
            if (reservations[i] != 0) {
                long user = UserSeeder.userId(plan.user()[i]);
                accepted.put(reservations[i], user);
                winners.add(user);
            }
        }
        Set<Long> refused = new HashSet<>();
        for (int i = 0; i < users; i++) {
            long user = UserSeeder.userId(i);
            if (!winners.contains(user)) {
                refused.add(user);
            }
        }
        return new Outcome(accepted, refused);
    }
}

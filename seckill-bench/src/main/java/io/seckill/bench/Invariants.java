package io.seckill.bench;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The promises of DESIGN.md §1, checked on {@link Facts}: each check carries its numbers and {@code ok}. */
final class Invariants {

    record Check(String name, Map<String, Object> numbers, boolean ok) {
    }

    private Invariants() {
    }

    static List<Check> check(Facts f) {
        List<Check> checks = new ArrayList<>();
        long liveUnits = f.liveUnits();
        checks.add(check("ordersWithinStock", liveUnits <= f.stock(),
                "stock", f.stock(), "orders", f.orders().size(), "liveOrderUnits", liveUnits));

        Map<Long, Integer> ordersPerReservation = new HashMap<>();
        f.orders().forEach(o -> ordersPerReservation.merge(o.reservationId(), 1, Integer::sum));
        long withOneOrder = 0;
        long withSeveral = 0;
        long compensated = 0;
        long missing = 0;
        for (Long rid : f.accepted().keySet()) {
            int n = ordersPerReservation.getOrDefault(rid, 0);
            if (n == 1) {
                withOneOrder++;
            } else if (n > 1) {
                withSeveral++;
            } else if (f.archived().containsKey(rid)) {
                compensated++;
            } else {
                missing++;
            }
        }
        checks.add(check("oneOrderPerAcceptedReservation", withSeveral == 0 && missing == 0,
                "accepted", f.accepted().size(), "withOneOrder", withOneOrder, "withSeveralOrders", withSeveral,
                "archivedInstead", compensated, "missing", missing));

        long unknown = f.orders().stream().filter(o -> !f.accepted().containsKey(o.reservationId())).count();
        long ofRefused = f.orders().stream().filter(o -> f.refusedUsers().contains(o.userId())).count();
        checks.add(check("noOrderForRefusedAttempt", unknown == 0 && ofRefused == 0,
                "refusedUsers", f.refusedUsers().size(), "ordersOfRefusedUsers", ofRefused,
                "ordersWithoutAcceptedReservation", unknown));

        Map<Long, Integer> unitsPerUser = new HashMap<>();
        Map<Long, Integer> ordersPerUser = new HashMap<>();
        for (Facts.Order o : f.orders()) {
            unitsPerUser.merge(o.userId(), o.quantity(), Integer::sum);
            ordersPerUser.merge(o.userId(), 1, Integer::sum);
        }
        long overLimit = unitsPerUser.values().stream().filter(u -> u > f.perUserLimit()).count();
        long severalOrders = ordersPerUser.values().stream().filter(n -> n > 1).count();
        Set<Long> acceptedUsers = new HashSet<>(f.accepted().values());
        long usersAcceptedTwice = f.accepted().size() - acceptedUsers.size();
        checks.add(check("perUserLimit", overLimit == 0 && severalOrders == 0 && usersAcceptedTwice == 0,
                "perUserLimit", f.perUserLimit(), "usersOverLimit", overLimit, "usersWithSeveralOrders", severalOrders,
                "usersAcceptedTwice", usersAcceptedTwice));

        long full = f.dbTotal() - (f.redisAvailable() + f.redisPending() + liveUnits + f.archivedUnresolved());
        checks.add(check("ledgerDriftRedis", full == 0, "total", f.dbTotal(), "redisAvailable", f.redisAvailable(),
                "redisPending", f.redisPending(), "liveOrderUnits", liveUnits, "archivedUnresolved", f.archivedUnresolved(),
                "drift", full));
        long mysql = f.dbSold() - liveUnits;
        checks.add(check("ledgerDriftMysql", mysql == 0, "total", f.dbTotal(), "sold", f.dbSold(),
                "liveOrderUnits", liveUnits, "drift", mysql));
        return checks;
    }

    static boolean allOk(List<Check> checks) {
        return checks.stream().allMatch(Check::ok);
    }

    private static Check check(String name, boolean ok, Object... numbers) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < numbers.length; i += 2) {
            map.put((String) numbers[i], numbers[i + 1]);
        }
        return new Check(name, map, ok);
    }
}

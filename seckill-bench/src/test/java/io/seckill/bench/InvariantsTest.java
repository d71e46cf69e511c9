package io.seckill.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class InvariantsTest {

    /** Stock 3, two buyers accepted and turned into orders, one refused; Redis and MySQL agree. */
    private static Facts balanced(List<Facts.Order> orders, Map<Long, Long> accepted, long available, long pending,
                                  long sold, Map<Long, Integer> archived, long unresolved) {
        return new Facts(3, 1, accepted, Set.of(30L), orders, archived, unresolved, available, pending, 3, sold);
    }

    private static Facts.Order order(long rid, long user) {
        return new Facts.Order(rid * 10, rid, user, 1, "AWAITING_PAYMENT", 0);
    }

    private static Map<String, Invariants.Check> byName(Facts facts) {
        Map<String, Invariants.Check> checks = new HashMap<>();
        Invariants.check(facts).forEach(c -> checks.put(c.name(), c));
        return checks;
    }

    @Test
    void aCleanRunPassesEveryCheck() {
        Facts facts = balanced(List.of(order(1, 10), order(2, 20)), Map.of(1L, 10L, 2L, 20L), 1, 0, 2, Map.of(), 0);

        assertThat(Invariants.check(facts)).hasSize(6).allMatch(Invariants.Check::ok);
        assertThat(Invariants.allOk(Invariants.check(facts))).isTrue();
    }

    @Test
    void moreLiveUnitsThanStockIsAnOversell() {
        List<Facts.Order> orders = new ArrayList<>();
        Map<Long, Long> accepted = new HashMap<>();
        for (long i = 1; i <= 4; i++) {
            orders.add(order(i, i * 10));
            accepted.put(i, i * 10);
        }
        Map<String, Invariants.Check> checks = byName(balanced(orders, accepted, 0, 0, 4, Map.of(), 0));

        assertThat(checks.get("ordersWithinStock").ok()).isFalse();
        assertThat(checks.get("ordersWithinStock").numbers()).containsEntry("liveOrderUnits", 4L);
        assertThat(Invariants.allOk(List.copyOf(checks.values()))).isFalse();
    }

    @Test
    void anAcceptedReservationWithoutOrderIsMissingUnlessItWasArchived() {
        Facts lost = balanced(List.of(order(1, 10)), Map.of(1L, 10L, 2L, 20L), 1, 1, 1, Map.of(), 0);
        Facts archived = balanced(List.of(order(1, 10)), Map.of(1L, 10L, 2L, 20L), 1, 0, 1, Map.of(2L, 1), 1);

        assertThat(byName(lost).get("oneOrderPerAcceptedReservation").numbers()).containsEntry("missing", 1L);
        assertThat(byName(lost).get("oneOrderPerAcceptedReservation").ok()).isFalse();
        assertThat(byName(archived).get("oneOrderPerAcceptedReservation").ok()).isTrue();
        assertThat(byName(archived).get("oneOrderPerAcceptedReservation").numbers()).containsEntry("archivedInstead", 1L);
    }

    @Test
    void anOrderOfARefusedBuyerOrOfAnUnknownReservationFails() {
        Facts refusedBuyer = balanced(List.of(order(1, 10), order(7, 30)), Map.of(1L, 10L), 1, 0, 2, Map.of(), 0);

        Invariants.Check check = byName(refusedBuyer).get("noOrderForRefusedAttempt");
        assertThat(check.ok()).isFalse();
        assertThat(check.numbers()).containsEntry("ordersOfRefusedUsers", 1L)
                .containsEntry("ordersWithoutAcceptedReservation", 1L);
    }

    @Test
    void aBuyerWithTwoOrdersOrTwoAcceptedReservationsIsOverTheLimit() {
        Facts twice = balanced(List.of(order(1, 10), order(2, 10)), Map.of(1L, 10L, 2L, 10L), 1, 0, 2, Map.of(), 0);

        Invariants.Check check = byName(twice).get("perUserLimit");
        assertThat(check.ok()).isFalse();
        assertThat(check.numbers()).containsEntry("usersWithSeveralOrders", 1L).containsEntry("usersAcceptedTwice", 1L);
    }

    @Test
    void unitsUnaccountedForAreADriftInTheLedgerThatLostThem() {
        // Redis says 1 available, nothing pending, 2 orders: total 3 balances. Now lose a unit in each ledger.
        Facts redisLost = balanced(List.of(order(1, 10), order(2, 20)), Map.of(1L, 10L, 2L, 20L), 0, 0, 2, Map.of(), 0);
        Facts mysqlLost = balanced(List.of(order(1, 10), order(2, 20)), Map.of(1L, 10L, 2L, 20L), 1, 0, 3, Map.of(), 0);

        assertThat(byName(redisLost).get("ledgerDriftRedis").numbers()).containsEntry("drift", 1L);
        assertThat(byName(redisLost).get("ledgerDriftRedis").ok()).isFalse();
        assertThat(byName(redisLost).get("ledgerDriftMysql").ok()).isTrue();
        assertThat(byName(mysqlLost).get("ledgerDriftMysql").numbers()).containsEntry("drift", 1L);
        assertThat(byName(mysqlLost).get("ledgerDriftMysql").ok()).isFalse();
    }

    @Test
    void aCancelledOrderHoldsNoUnit() {
        Facts.Order cancelled = new Facts.Order(20, 2, 20, 1, "CANCELLED", 0);
        Facts facts = balanced(List.of(order(1, 10), cancelled), Map.of(1L, 10L, 2L, 20L), 2, 0, 1, Map.of(), 0);

        assertThat(Invariants.check(facts)).allMatch(Invariants.Check::ok);
    }
}

package io.seckill.bench;

import java.util.List;
import java.util.Map;

/**
 * What the run left behind, read from MySQL and Redis after the drain, plus what the bench itself was told.
 *
 * @param accepted         reservation id → user id, for every attempt answered 202
 * @param refusedUsers     users none of whose attempts was accepted
 * @param orders           every order of the activity
 * @param archived         reservation id → quantity of the activity's failed-order archives (any status)
 * @param archivedUnresolved units of archives still UNRESOLVED or RETRYING (they hold stock, DESIGN.md §1.4)
 * @param redisAvailable   {@code available} of the stock hash; {@code redisPending} its {@code pending}
 * @param dbTotal          {@code seckill_stock.total}; {@code dbSold} its {@code sold}
 */
record Facts(int stock, int perUserLimit, Map<Long, Long> accepted, java.util.Set<Long> refusedUsers,
             List<Order> orders, Map<Long, Integer> archived, long archivedUnresolved, long redisAvailable,
             long redisPending, long dbTotal, long dbSold) {

    record Order(long id, long reservationId, long userId, int quantity, String status, long createdAtMillis) {
        boolean live() {
            return !"CANCELLED".equals(status);
        }
    }

    long liveUnits() {
        return orders.stream().filter(Order::live).mapToLong(Order::quantity).sum();
    }
}

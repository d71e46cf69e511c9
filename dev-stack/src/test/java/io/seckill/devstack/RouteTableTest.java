package io.seckill.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The dev router sends every prefix of DESIGN.md §12 to the same service as the production gateway. */
class RouteTableTest {

    @Test
    void routesEveryPublicPrefixToItsOwner() {
        assertThat(RouteTable.serviceFor("/api/auth/login")).isEqualTo("user-api");
        assertThat(RouteTable.serviceFor("/api/users/me")).isEqualTo("user-api");
        assertThat(RouteTable.serviceFor("/api/seckill/activities")).isEqualTo("seckill-api");
        assertThat(RouteTable.serviceFor("/api/orders")).isEqualTo("order-service");
        assertThat(RouteTable.serviceFor("/api/orders/42/pay")).isEqualTo("order-service");
        assertThat(RouteTable.serviceFor("/api/admin/orders")).isEqualTo("order-service");
        assertThat(RouteTable.serviceFor("/api/admin/transactions/7/rollback")).isEqualTo("order-service");
        assertThat(RouteTable.serviceFor("/api/admin/archives/export.csv")).isEqualTo("order-compensation");
        assertThat(RouteTable.serviceFor("/api/admin/activities/1/preheat")).isEqualTo("admin-back");
        assertThat(RouteTable.serviceFor("/api/admin/auth/login")).isEqualTo("admin-back");
    }

    @Test
    void sendsLookalikePrefixesAndTheWebToNoService() {
        assertThat(RouteTable.serviceFor("/api/ordersx")).isNull();
        assertThat(RouteTable.serviceFor("/api/admin-stuff")).isNull();
        assertThat(RouteTable.serviceFor("/")).isNull();
        assertThat(RouteTable.serviceFor("/admin/")).isNull();
    }

    @Test
    void listsOwnerSpecificAdminRoutesBeforeTheAdminCatchAll() {
        var props = RouteTable.gatewayProperties();
        int archives = indexOf(props, "archives");
        int admin = indexOf(props, "admin");
        assertThat(archives).isLessThan(admin);
        assertThat(indexOf(props, "orders")).isLessThan(admin);
    }

    private static int indexOf(java.util.Map<String, Object> props, String id) {
        return props.entrySet().stream()
                .filter(e -> e.getKey().endsWith(".id") && id.equals(e.getValue()))
                .map(e -> Integer.parseInt(e.getKey().replaceAll("\\D", "")))
                .findFirst().orElseThrow();
    }
}

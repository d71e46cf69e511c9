package io.seckill.devstack;

import java.util.Map;

/** Bridge so the router package can read the package-private route table. */
public final class RouterRoutes {

    private RouterRoutes() {
    }

    public static Map<String, Object> properties() {
        return RouteTable.gatewayProperties();
    }
}

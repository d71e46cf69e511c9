package io.seckill.devstack;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The routing of the production gateway (DESIGN.md §12), as ordered prefix → service rules: the first match
 * wins, so the specific {@code /api/admin/...} owners come before admin-back's catch-all.
 */
final class RouteTable {

    record Route(String id, List<String> paths, String service) {
    }

    static final List<Route> API_ROUTES = List.of(
            new Route("auth", List.of("/api/auth/**", "/api/users/**"), "user-api"),
            new Route("seckill", List.of("/api/seckill/**"), "seckill-api"),
            new Route("orders", List.of("/api/orders", "/api/orders/**", "/api/admin/orders",
                    "/api/admin/orders/**", "/api/admin/transactions", "/api/admin/transactions/**"), "order-service"),
            new Route("archives", List.of("/api/admin/archives", "/api/admin/archives/**"), "order-compensation"),
            new Route("admin", List.of("/api/admin/**"), "admin-back"));

    /** Dev-only: each service's actuator through the router, e.g. {@code /services/user-api/actuator/health}. */
    static final String SERVICE_PREFIX = "/services/";

    private RouteTable() {
    }

    /** Spring Cloud Gateway (server webmvc) route properties for the API routes and the per-service actuators. */
    static Map<String, Object> gatewayProperties() {
        Map<String, Object> props = new LinkedHashMap<>();
        int index = 0;
        for (Route route : API_ROUTES) {
            String prefix = "spring.cloud.gateway.server.webmvc.routes[" + index + "].";
            props.put(prefix + "order", index++);
            props.put(prefix + "id", route.id());
            props.put(prefix + "uri", ServiceSpec.named(route.service()).baseUrl());
            props.put(prefix + "predicates[0]", "Path=" + String.join(",", route.paths()));
        }
        for (ServiceSpec service : ServiceSpec.ALL) {
            String prefix = "spring.cloud.gateway.server.webmvc.routes[" + index++ + "].";
            props.put(prefix + "id", "actuator-" + service.name());
            props.put(prefix + "uri", service.baseUrl());
            props.put(prefix + "predicates[0]", "Path=" + SERVICE_PREFIX + service.name() + "/actuator/**");
            props.put(prefix + "filters[0]", "StripPrefix=2");
        }
        return props;
    }

    /** Which service the production gateway sends {@code path} to, or null for the static web. */
    static String serviceFor(String path) {
        for (Route route : API_ROUTES) {
            for (String pattern : route.paths()) {
                String base = pattern.endsWith("/**") ? pattern.substring(0, pattern.length() - 3) : pattern;
                if (path.equals(base) || pattern.endsWith("/**") && path.startsWith(base + "/")) {
                    return route.service();
                }
            }
        }
        return null;
    }
}

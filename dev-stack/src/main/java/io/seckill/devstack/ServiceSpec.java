package io.seckill.devstack;

import java.util.List;

/**
 * A service of DESIGN.md §2 as the dev stack runs it: its Maven module (also its name everywhere) and the
 * HTTP port that serves its API and {@code /actuator}.
 *
 * @param name     module, Spring application name, metric {@code application} tag
 * @param httpPort HTTP port of the API and actuator
 * @param otherPorts further ports it binds (user-service's gRPC port), checked before start
 */
record ServiceSpec(String name, int httpPort, List<Integer> otherPorts) {

    /** Start order matters only for readability of the log: every service waits for its own dependencies. */
    static final List<ServiceSpec> ALL = List.of(
            new ServiceSpec("user-service", 9091, List.of(9090)),
            new ServiceSpec("user-api", 8000, List.of()),
            new ServiceSpec("admin-back", 9000, List.of()),
            new ServiceSpec("seckill-api", 8100, List.of()),
            new ServiceSpec("order-service", 8200, List.of()),
            new ServiceSpec("order-compensation", 8300, List.of()));

    String baseUrl() {
        return "http://127.0.0.1:" + httpPort;
    }

    static ServiceSpec named(String name) {
        return ALL.stream().filter(s -> s.name.equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no service " + name));
    }
}

package io.seckill.devstack;

import java.util.List;

/** The summary printed once the stack is healthy: URLs, accounts, and how to stop. */
final class Banner {

    private Banner() {
    }

    static void print(DemoCredentials credentials, StackOptions options, List<ServiceProcess> services,
                      double seconds) {
        StringBuilder out = new StringBuilder();
        out.append(String.format("%nSeckill dev stack is up in %.1f s.%n%n", seconds));
        out.append("  Router (one port for everything)  ").append(credentials.baseUrl()).append('\n');
        out.append("  Customer client                   ").append(credentials.baseUrl()).append("/\n");
        out.append("  Admin console                     ").append(credentials.baseUrl()).append("/admin/\n");
        out.append("  Activities (public)               ").append(credentials.baseUrl())
                .append("/api/seckill/activities\n\n");
        out.append("  Services (direct):\n");
        for (ServiceProcess service : services) {
            out.append(String.format("    %-20s %s   health: %s/services/%s/actuator/health%n",
                    service.spec().name(), service.spec().baseUrl(), credentials.baseUrl(), service.spec().name()));
        }
        out.append("\n  Super-admin:  ").append(credentials.admin().username()).append(" / ")
                .append(credentials.admin().password()).append('\n');
        out.append("  Customers:    ");
        out.append(String.join(", ", credentials.users().stream()
                .map(c -> c.mobile() + " / " + c.password()).toList())).append('\n');
        out.append("  Demo activity id: ").append(credentials.demoActivityId() == null
                ? "(not listed by seckill-api)" : credentials.demoActivityId()).append('\n');
        out.append("  Written to ").append(options.stateDir().resolve(DemoCredentials.FILE)).append("\n\n");
        out.append(options.external() ? "" : "  Embedded data: .seckill/infra (kept between runs; ./seckill clean wipes it)\n");
        out.append("  Logs: .seckill/logs/<service>.log      Stop: Ctrl-C (or ./seckill down when detached)\n");
        Console.line(out.toString());
    }
}

package io.seckill.devstack.router;

import io.seckill.devstack.RouterRoutes;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.web.servlet.config.annotation.ViewControllerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The dev router: the production gateway's routing (DESIGN.md §12) on one port, with Spring Cloud Gateway
 * (server webmvc), plus the static web at {@code /} and {@code /admin/}.
 */
@SpringBootApplication
public class DevRouter implements WebMvcConfigurer {

    /**
     * Starts the router on {@code port}, bound to loopback unless {@code SECKILL_ROUTER_ADDRESS} says otherwise
     * (e.g. {@code 0.0.0.0} to reach the dev stack from another machine): a dev stack with demo passwords is not
     * published on the network by default.
     */
    public static ConfigurableApplicationContext start(int port) {
        String address = System.getenv().getOrDefault("SECKILL_ROUTER_ADDRESS", "127.0.0.1");
        return new SpringApplicationBuilder(DevRouter.class)
                .web(WebApplicationType.SERVLET)
                .properties(RouterRoutes.properties())
                .properties("server.port=" + port,
                        "server.address=" + address,
                        "spring.application.name=dev-router",
                        "spring.main.banner-mode=off",
                        "management.endpoints.web.exposure.include=health",
                        "logging.level.root=WARN")
                .run();
    }

    @Override
    public void addViewControllers(ViewControllerRegistry registry) {
        registry.addViewController("/admin").setViewName("redirect:/admin/");
        registry.addViewController("/admin/").setViewName("forward:/admin/index.html");
    }
}

package io.seckill.kernel.boot;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ClassPathResource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Adds {@code seckill-kernel-defaults.yml} as the lowest-priority property source of every service: actuator
 * exposure and probes, the {@code application} metric tag, problem+json, virtual threads, graceful shutdown.
 * Each service's own {@code application.yml}, the environment and the command line still win, so a service can
 * change any of them; the defaults are written once instead of six times.
 */
public class KernelDefaults implements EnvironmentPostProcessor {

    static final String NAME = "seckillKernelDefaults";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (environment.getPropertySources().contains(NAME)) {
            return;
        }
        try {
            List<PropertySource<?>> sources = new YamlPropertySourceLoader()
                    .load(NAME, new ClassPathResource("seckill-kernel-defaults.yml"));
            sources.forEach(environment.getPropertySources()::addLast);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read seckill-kernel-defaults.yml", e);
        }
    }
}

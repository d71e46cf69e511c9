package io.seckill.admin.preheat;

import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

/** Turns on {@code @Scheduled} for {@link ScheduledPreheat}. */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
class SchedulingConfig {
}

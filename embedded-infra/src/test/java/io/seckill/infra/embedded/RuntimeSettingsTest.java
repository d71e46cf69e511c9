package io.seckill.infra.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.seckill.kernel.boot.KernelSettingsAnnouncementsAutoConfiguration;
import io.seckill.kernel.boot.KernelSettingsAutoConfiguration;
import io.seckill.kernel.settings.RuntimeSettings;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * The kernel's runtime settings against the real MariaDB (admin-back's {@code settings} table) and Redis: a value
 * changed in the table and announced on {@code seckill:settings:changed} is seen without a restart; a value of
 * the wrong shape gives the caller's fallback.
 */
@ExtendWith(EmbeddedInfraExtension.class)
class RuntimeSettingsTest {

    @BeforeAll
    static void settingsTable() {
        SchemaSql.flyway("filesystem:../admin-back/src/main/resources/db/migration/admin-back", "flyway_history_admin_back").migrate();
    }

    private final ApplicationContextRunner context = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(KernelSettingsAutoConfiguration.class, KernelSettingsAnnouncementsAutoConfiguration.class))
            .withUserConfiguration(Infra.class)
            .withPropertyValues("seckill.settings.refresh-every=1h");

    @Test
    void readsTheSeededDefaults() {
        context.run(app -> {
            RuntimeSettings settings = app.getBean(RuntimeSettings.class);
            assertThat(settings.intList("compensation.retry-intervals-seconds", List.of())).containsExactly(10, 30, 60);
            assertThat(settings.minutes("order.payment-window-minutes", Duration.ZERO)).isEqualTo(Duration.ofMinutes(15));
            assertThat(settings.seconds("tx.hanging-deadline-seconds", Duration.ZERO)).isEqualTo(Duration.ofSeconds(300));
            assertThat(settings.intValue("no.such.key", 7)).isEqualTo(7);
        });
    }

    @Test
    void seesAnAnnouncedChangeWithoutARestart() {
        String key = "test.announced-" + SchemaSql.randomId();
        context.run(app -> {
            RuntimeSettings settings = app.getBean(RuntimeSettings.class);
            List<Set<String>> changes = new CopyOnWriteArrayList<>();
            settings.onChange(changes::add);
            assertThat(settings.intValue(key, -1)).isEqualTo(-1);

            SchemaSql.update("INSERT INTO settings (setting_key, setting_value) VALUES (?, '[1, 2, 3]')", key);
            assertThat(app).hasBean("runtimeSettingsListener");
            // The subscription is made asynchronously at start-up, so the announcement is repeated until it lands;
            // nothing but the announcement reloads (the periodic refresh is an hour away).
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                app.getBean(StringRedisTemplate.class).convertAndSend(RuntimeSettings.CHANGED_CHANNEL, key);
                assertThat(settings.intList(key, List.of())).containsExactly(1, 2, 3);
            });
            assertThat(changes).anySatisfy(keys -> assertThat(keys).contains(key));
        });
    }

    @Test
    void givesTheFallbackForAValueOfTheWrongShape() {
        String key = "test.wrong-shape-" + SchemaSql.randomId();
        context.run(app -> {
            RuntimeSettings settings = app.getBean(RuntimeSettings.class);
            SchemaSql.update("INSERT INTO settings (setting_key, setting_value) VALUES (?, '\"soon\"')", key);
            settings.refresh();
            assertThat(settings.get(key)).isPresent();
            assertThat(settings.intValue(key, 42)).isEqualTo(42);
            assertThat(settings.intList(key, List.of(5))).containsExactly(5);
            assertThat(settings.text(key, "x")).isEqualTo("soon");
        });
    }

    @Configuration(proxyBeanMethods = false)
    static class Infra {

        @Bean
        JdbcClient jdbcClient() {
            EmbeddedInfra infra = EmbeddedInfra.shared();
            return JdbcClient.create(new DriverManagerDataSource(infra.jdbcUrl(), infra.jdbcUsername(), infra.jdbcPassword()));
        }

        @Bean(destroyMethod = "destroy")
        LettuceConnectionFactory redisConnectionFactory() {
            EmbeddedInfra infra = EmbeddedInfra.shared();
            LettuceConnectionFactory factory = new LettuceConnectionFactory(
                    new RedisStandaloneConfiguration(infra.redisHost(), infra.redisPort()));
            factory.afterPropertiesSet();
            return factory;
        }

        @Bean
        StringRedisTemplate stringRedisTemplate(LettuceConnectionFactory factory) {
            return new StringRedisTemplate(factory);
        }
    }
}

package io.seckill.infra.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import io.seckill.kernel.redis.RefreshFamilyStore;
import io.seckill.kernel.redis.WindowCounter;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * The kernel's refresh-family store and window counter (shared by user-api and admin-back) on the real Redis:
 * rotation, reuse revoking the family, each issuer refusing the other's token shape, and "at most N per window".
 */
@ExtendWith(EmbeddedInfraExtension.class)
class RefreshFamiliesAndWindowsTest {

    private static final LettuceConnectionFactory factory = connect();
    private final StringRedisTemplate redis = new StringRedisTemplate(factory);

    private static LettuceConnectionFactory connect() {
        EmbeddedInfra infra = EmbeddedInfra.shared();
        LettuceConnectionFactory connection = new LettuceConnectionFactory(
                new RedisStandaloneConfiguration(infra.redisHost(), infra.redisPort()));
        connection.afterPropertiesSet();
        return connection;
    }

    @AfterAll
    static void close() {
        factory.destroy();
    }

    @Test
    void aRotatedTokenIsSpentAndReusingItRevokesTheFamily() {
        redis.afterPropertiesSet();
        RefreshFamilyStore store = new RefreshFamilyStore(redis, 16);
        String family = store.newFamily();
        String first = store.start(family, 42, Duration.ofMinutes(5));

        RefreshFamilyStore.Rotated rotated = store.rotate(store.parse(first).orElseThrow(), Duration.ofMinutes(5));
        assertThat(rotated.outcome()).isEqualTo(RefreshFamilyStore.Outcome.ROTATED);
        assertThat(rotated.subjectId()).isEqualTo(42);
        assertThat(store.subjectOf(family)).hasValue(42);

        assertThat(store.rotate(store.parse(first).orElseThrow(), Duration.ofMinutes(5)).outcome())
                .isEqualTo(RefreshFamilyStore.Outcome.REUSED);
        assertThat(store.subjectOf(family)).isEmpty();
        assertThat(store.rotate(store.parse(rotated.newToken()).orElseThrow(), Duration.ofMinutes(5)).outcome())
                .isEqualTo(RefreshFamilyStore.Outcome.UNKNOWN);
    }

    @Test
    void eachIssuerAcceptsOnlyItsOwnFamilyLength() {
        redis.afterPropertiesSet();
        RefreshFamilyStore customers = new RefreshFamilyStore(redis, 16);
        RefreshFamilyStore admins = new RefreshFamilyStore(redis, 18);
        String customerToken = customers.start(customers.newFamily(), 1, Duration.ofMinutes(1));
        String adminToken = admins.start(admins.newFamily(), 2, Duration.ofMinutes(1));

        assertThat(customerToken.indexOf('.')).isEqualTo(22);
        assertThat(adminToken.indexOf('.')).isEqualTo(24);
        assertThat(customers.parse(adminToken)).isEmpty();
        assertThat(admins.parse(customerToken)).isEmpty();
        assertThat(customers.parse(customerToken)).isPresent();
    }

    @Test
    void aWindowCountsUpToItsLimitAndThenTellsTheWait() {
        redis.afterPropertiesSet();
        WindowCounter counter = new WindowCounter(redis);
        String key = "test:window:" + UUID.randomUUID();

        assertThat(counter.hit(key, 2, Duration.ofMinutes(1))).isEmpty();
        assertThat(counter.full(key, 2)).isEmpty();
        assertThat(counter.hit(key, 2, Duration.ofMinutes(1))).isEmpty();
        assertThat(counter.hit(key, 2, Duration.ofMinutes(1))).hasValueSatisfying(wait -> assertThat(wait).isPositive());
        assertThat(counter.full(key, 2)).hasValueSatisfying(wait -> assertThat(wait).isGreaterThan(Duration.ofSeconds(50)));
        counter.reset(key);
        assertThat(counter.full(key, 2)).isEmpty();
    }
}

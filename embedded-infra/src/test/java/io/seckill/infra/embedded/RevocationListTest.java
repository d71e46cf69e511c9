package io.seckill.infra.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import io.seckill.kernel.security.Audience;
import io.seckill.kernel.security.RedisRevocationList;
import io.seckill.kernel.security.VerifiedToken;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * The kernel's deny-lists on the real Redis: a logged-out token, a disabled customer, a disabled admin, and an
 * admin's tokens issued before a password change are refused; the tokens issued after it are not.
 */
@ExtendWith(EmbeddedInfraExtension.class)
class RevocationListTest {

    private static final LettuceConnectionFactory factory = connect();
    private final StringRedisTemplate redis = new StringRedisTemplate(factory);
    private final RedisRevocationList revocations = new RedisRevocationList(redis);

    private static LettuceConnectionFactory connect() {
        EmbeddedInfra infra = EmbeddedInfra.shared();
        LettuceConnectionFactory factory = new LettuceConnectionFactory(
                new RedisStandaloneConfiguration(infra.redisHost(), infra.redisPort()));
        factory.afterPropertiesSet();
        return factory;
    }

    @AfterAll
    static void close() {
        factory.destroy();
    }

    @Test
    void aLoggedOutTokenAndEveryTokenOfADisabledCustomerAreRefused() {
        String user = Long.toString(SchemaSql.randomId());
        VerifiedToken first = token(user, Audience.CUSTOMER, Instant.now());
        VerifiedToken second = token(user, Audience.CUSTOMER, Instant.now());
        assertThat(revocations.isRevoked(first)).isFalse();

        redis.opsForValue().set(RedisRevocationList.tokenKey(first.tokenId()), "logout", Duration.ofMinutes(1));
        assertThat(revocations.isRevoked(first)).isTrue();
        assertThat(revocations.isRevoked(second)).isFalse();

        redis.opsForValue().set(RedisRevocationList.disabledUserKey(user), "disabled", Duration.ofMinutes(1));
        assertThat(revocations.isRevoked(second)).isTrue();
        // An admin with the same numeric id is somebody else.
        assertThat(revocations.isRevoked(token(user, Audience.ADMIN, Instant.now()))).isFalse();
    }

    @Test
    void aDisabledAdminAndTokensIssuedBeforeAPasswordChangeAreRefused() {
        String admin = Long.toString(SchemaSql.randomId());
        Instant change = Instant.now().minusSeconds(30);
        VerifiedToken before = token(admin, Audience.ADMIN, change.minusSeconds(60));
        VerifiedToken after = token(admin, Audience.ADMIN, change.plusSeconds(1));

        redis.opsForValue().set(RedisRevocationList.adminIssuedBeforeKey(admin), Long.toString(change.toEpochMilli()),
                Duration.ofMinutes(1));
        assertThat(revocations.isRevoked(before)).isTrue();
        assertThat(revocations.isRevoked(after)).isFalse();

        redis.opsForValue().set(RedisRevocationList.disabledAdminKey(admin), "disabled", Duration.ofMinutes(1));
        assertThat(revocations.isRevoked(after)).isTrue();
        assertThat(revocations.isRevoked(token(admin, Audience.CUSTOMER, Instant.now()))).isFalse();
    }

    private static VerifiedToken token(String subject, Audience audience, Instant issuedAt) {
        return new VerifiedToken(subject, audience, UUID.randomUUID().toString(), issuedAt, issuedAt.plusSeconds(900), Set.of());
    }
}

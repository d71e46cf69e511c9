package io.seckill.user.service.user.application;

import io.seckill.user.service.user.domain.Credentials;
import io.seckill.user.service.user.domain.UserAccount;
import io.seckill.user.service.user.domain.UserPage;
import io.seckill.user.service.user.domain.UserQuery;
import io.seckill.user.service.user.domain.UserStatus;
import java.util.Optional;
import java.util.OptionalLong;

/** The {@code users} table, owned and written only by user-service (DESIGN.md §7). */
public interface UserRepository {

    /** @throws io.seckill.user.service.user.domain.UserProblem ALREADY_EXISTS when the mobile is taken */
    void insert(long id, String mobile, String passwordHash, String nickname);

    Optional<UserAccount> findById(long id);

    Optional<UserAccount> findByMobile(String mobile);

    Optional<Credentials> credentialsOf(String mobile);

    /** @return whether a row changed: false when the user is missing or {@code expectedVersion} is stale */
    boolean updateStatus(long id, UserStatus status, OptionalLong expectedVersion);

    UserPage list(UserQuery query);
}

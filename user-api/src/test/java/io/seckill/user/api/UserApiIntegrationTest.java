package io.seckill.user.api;

import io.seckill.user.contract.v1.CreateUserRequest;
import java.util.concurrent.TimeUnit;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * user-api over real HTTP, calling the real user-service over real gRPC, on the embedded Redis and MariaDB. Test
 * classes extending this share one Spring context and one user-service ({@link UserServiceInJvm#shared()}). Every
 * test uses its own random mobiles and client IPs (X-Forwarded-For, trusted from loopback), so the Redis limits of
 * one test never touch another.
 */
public abstract class UserApiIntegrationTest extends UserApiHttpTest {

    @DynamicPropertySource
    static void userService(DynamicPropertyRegistry registry) {
        registry.add("seckill.user-service.address", () -> UserServiceInJvm.shared().address());
    }

    /** The password of the accounts made by {@link #createUser}. */
    protected static final String PASSWORD = "Flash-sale-2026";

    /** An existing account, made directly over gRPC (no SMS code spent, so the test may still request one). */
    protected static void createUser(String mobile) {
        UserServiceInJvm.shared().stub().withDeadlineAfter(5, TimeUnit.SECONDS).createUser(
                CreateUserRequest.newBuilder().setMobile(mobile).setPassword(PASSWORD)
                        .setNickname("existing").build());
    }
}

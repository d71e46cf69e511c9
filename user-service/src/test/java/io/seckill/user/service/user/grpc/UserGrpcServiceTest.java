package io.seckill.user.service.user.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.seckill.infra.embedded.WithEmbeddedInfra;
import io.seckill.user.contract.v1.CreateUserRequest;
import io.seckill.user.contract.v1.FindByMobileRequest;
import io.seckill.user.contract.v1.GetUserRequest;
import io.seckill.user.contract.v1.ListUsersRequest;
import io.seckill.user.contract.v1.ListUsersResponse;
import io.seckill.user.contract.v1.UpdateStatusRequest;
import io.seckill.user.contract.v1.User;
import io.seckill.user.contract.v1.UserServiceGrpc;
import io.seckill.user.contract.v1.UserStatus;
import io.seckill.user.contract.v1.VerifyPasswordRequest;
import io.seckill.user.contract.v1.VerifyPasswordResponse;
import io.seckill.user.service.grpc.GrpcServer;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The gRPC API over a real socket (Netty on a free port) against the real MariaDB. */
@WithEmbeddedInfra
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "seckill.grpc.server.port=0")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith(OutputCaptureExtension.class)
class UserGrpcServiceTest {

    private static final String PASSWORD = "s3cret-Passw0rd";

    @Autowired
    GrpcServer server;
    @Autowired
    JdbcClient jdbc;

    private ManagedChannel channel;
    private UserServiceGrpc.UserServiceBlockingStub users;

    @BeforeAll
    void connect() {
        channel = NettyChannelBuilder.forAddress("127.0.0.1", server.port()).usePlaintext().build();
        users = UserServiceGrpc.newBlockingStub(channel);
    }

    @AfterAll
    void disconnect() throws InterruptedException {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }

    private UserServiceGrpc.UserServiceBlockingStub stub() {
        return users.withDeadlineAfter(5, TimeUnit.SECONDS);
    }

    @Test
    void createsAUserAndReadsItBackByIdAndByMobile() {
        String mobile = mobile();
        User created = stub().createUser(CreateUserRequest.newBuilder().setMobile("+86" + mobile).setPassword(PASSWORD)
                .setNickname("秒杀达人").build());

        assertThat(created.getId()).isPositive();
        assertThat(created.getMobile()).isEqualTo(mobile);
        assertThat(created.getStatus()).isEqualTo(UserStatus.ACTIVE);
        assertThat(created.getCreatedAtEpochMillis()).isPositive();
        assertThat(stub().getUser(GetUserRequest.newBuilder().setId(created.getId()).build())).isEqualTo(created);
        assertThat(stub().findByMobile(FindByMobileRequest.newBuilder().setMobile(mobile).build())).isEqualTo(created);
    }

    @Test
    void storesABcryptHashNeverThePassword(CapturedOutput output) {
        String mobile = mobile();
        create(mobile);

        String hash = jdbc.sql("SELECT password_hash FROM users WHERE mobile = ?").param(mobile).query(String.class).single();
        assertThat(hash).startsWith("$2").doesNotContain(PASSWORD);
        assertThat(output.getAll()).doesNotContain(PASSWORD).doesNotContain(hash);
    }

    @Test
    void verifiesPasswordsAndAnswersTheSameForAnUnknownMobileAndAWrongPassword() {
        String mobile = mobile();
        User user = create(mobile);

        VerifyPasswordResponse right = stub().verifyPassword(verify(mobile, PASSWORD));
        assertThat(right.getMatches()).isTrue();
        assertThat(right.getUser()).isEqualTo(user);

        VerifyPasswordResponse wrong = stub().verifyPassword(verify(mobile, PASSWORD + "x"));
        VerifyPasswordResponse unknown = stub().verifyPassword(verify(mobile(), PASSWORD));
        assertThat(wrong).isEqualTo(unknown).isEqualTo(VerifyPasswordResponse.newBuilder().setMatches(false).build());
        assertThat(stub().verifyPassword(verify(mobile, "x".repeat(500))).getMatches()).isFalse();
    }

    @Test
    void refusesASecondAccountForTheSameMobileWithAlreadyExistsAndLogsNoNumber(CapturedOutput output) {
        String mobile = mobile();
        create(mobile);

        StatusRuntimeException e = assertStatus(() -> create("+86" + mobile), Status.Code.ALREADY_EXISTS);
        assertThat(e.getStatus().getDescription()).doesNotContain(mobile);
        assertThat(output.getAll()).doesNotContain(mobile);
    }

    @Test
    void refusesInvalidInputWithInvalidArgumentAndNeverEchoesThePassword() {
        assertStatus(() -> create("12345"), Status.Code.INVALID_ARGUMENT);
        assertStatus(() -> stub().createUser(CreateUserRequest.newBuilder().setMobile(mobile()).setPassword("short")
                .setNickname("n").build()), Status.Code.INVALID_ARGUMENT);
        String tooLong = "p".repeat(73);
        StatusRuntimeException e = assertStatus(() -> stub().createUser(CreateUserRequest.newBuilder().setMobile(mobile())
                .setPassword(tooLong).setNickname("n").build()), Status.Code.INVALID_ARGUMENT);
        assertThat(String.valueOf(e.getStatus().getDescription())).doesNotContain(tooLong);
        assertStatus(() -> stub().createUser(CreateUserRequest.newBuilder().setMobile(mobile()).setPassword(PASSWORD)
                .setNickname(" ").build()), Status.Code.INVALID_ARGUMENT);
        assertStatus(() -> stub().findByMobile(FindByMobileRequest.newBuilder().setMobile("not-a-number").build()),
                Status.Code.INVALID_ARGUMENT);
        assertStatus(() -> stub().listUsers(ListUsersRequest.newBuilder().setSize(1000).build()), Status.Code.INVALID_ARGUMENT);
        assertStatus(() -> stub().listUsers(ListUsersRequest.newBuilder().setMobilePrefix("13%").build()),
                Status.Code.INVALID_ARGUMENT);
    }

    @Test
    void answersNotFoundForAnUnknownUser() {
        assertStatus(() -> stub().getUser(GetUserRequest.newBuilder().setId(42).build()), Status.Code.NOT_FOUND);
        assertStatus(() -> stub().findByMobile(FindByMobileRequest.newBuilder().setMobile(mobile()).build()), Status.Code.NOT_FOUND);
        assertStatus(() -> stub().updateStatus(UpdateStatusRequest.newBuilder().setId(42).setStatus(UserStatus.DISABLED).build()),
                Status.Code.NOT_FOUND);
    }

    @Test
    void updatesTheStatusAndRefusesAStaleExpectedVersion() {
        User user = create(mobile());

        User disabled = stub().updateStatus(UpdateStatusRequest.newBuilder().setId(user.getId())
                .setStatus(UserStatus.DISABLED).setExpectedVersion(user.getVersion()).build());
        assertThat(disabled.getStatus()).isEqualTo(UserStatus.DISABLED);
        assertThat(disabled.getVersion()).isEqualTo(user.getVersion() + 1);

        assertStatus(() -> stub().updateStatus(UpdateStatusRequest.newBuilder().setId(user.getId())
                .setStatus(UserStatus.ACTIVE).setExpectedVersion(user.getVersion()).build()), Status.Code.FAILED_PRECONDITION);
        assertStatus(() -> stub().updateStatus(UpdateStatusRequest.newBuilder().setId(user.getId()).build()),
                Status.Code.INVALID_ARGUMENT);
        // A disabled account still verifies its password; the caller (user-api) refuses the login.
        VerifyPasswordResponse verified = stub().verifyPassword(verify(user.getMobile(), PASSWORD));
        assertThat(verified.getUser().getStatus()).isEqualTo(UserStatus.DISABLED);
    }

    @Test
    void listsUsersNewestFirstFilteredByStatusAndMobilePrefix() {
        String prefix = "+9" + ThreadLocalRandom.current().nextInt(100_000, 999_999);
        User first = create(prefix + "1001");
        User second = create(prefix + "1002");
        User third = create(prefix + "1003");
        stub().updateStatus(UpdateStatusRequest.newBuilder().setId(second.getId()).setStatus(UserStatus.BLACKLISTED).build());

        ListUsersResponse all = stub().listUsers(ListUsersRequest.newBuilder().setMobilePrefix(prefix).setSize(2).build());
        assertThat(all.getTotal()).isEqualTo(3);
        assertThat(all.getUsersList()).extracting(User::getId).containsExactly(third.getId(), second.getId());
        ListUsersResponse next = stub().listUsers(ListUsersRequest.newBuilder().setMobilePrefix(prefix).setSize(2).setPage(1).build());
        assertThat(next.getUsersList()).extracting(User::getId).containsExactly(first.getId());

        ListUsersResponse active = stub().listUsers(ListUsersRequest.newBuilder().setMobilePrefix(prefix)
                .setStatus(UserStatus.ACTIVE).build());
        assertThat(active.getTotal()).isEqualTo(2);
        assertThat(active.getSize()).isEqualTo(20);
        assertThat(active.getUsersList()).extracting(User::getId).containsExactly(third.getId(), first.getId());
    }

    @Test
    void servesTheStandardHealthCheck() {
        HealthGrpc.HealthBlockingStub health = HealthGrpc.newBlockingStub(channel).withDeadlineAfter(5, TimeUnit.SECONDS);

        assertThat(health.check(HealthCheckRequest.getDefaultInstance()).getStatus())
                .isEqualTo(HealthCheckResponse.ServingStatus.SERVING);
        assertThat(health.check(HealthCheckRequest.newBuilder().setService(UserServiceGrpc.SERVICE_NAME).build()).getStatus())
                .isEqualTo(HealthCheckResponse.ServingStatus.SERVING);
    }

    @Test
    void answersDeadlineExceededWhenTheDeadlineIsTooShortForTheWork() {
        // BCrypt takes tens of milliseconds: a 1 ms budget cannot be met, and the caller gets DEADLINE_EXCEEDED.
        assertStatus(() -> users.withDeadlineAfter(1, TimeUnit.MILLISECONDS).verifyPassword(verify(mobile(), PASSWORD)),
                Status.Code.DEADLINE_EXCEEDED);
    }

    // ---------------------------------------------------------------------------------------------------------

    private User create(String mobile) {
        return stub().createUser(CreateUserRequest.newBuilder().setMobile(mobile).setPassword(PASSWORD).setNickname("Test").build());
    }

    private static VerifyPasswordRequest verify(String mobile, String password) {
        return VerifyPasswordRequest.newBuilder().setMobile(mobile).setPassword(password).build();
    }

    private static StatusRuntimeException assertStatus(Runnable call, Status.Code code) {
        try {
            call.run();
        } catch (StatusRuntimeException e) {
            assertThat(e.getStatus().getCode()).isEqualTo(code);
            return e;
        }
        throw new AssertionError("expected " + code);
    }

    private static String mobile() {
        return "1" + ThreadLocalRandom.current().nextLong(3_000_000_000L, 9_999_999_999L);
    }
}

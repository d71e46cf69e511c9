package io.seckill.user.service.user.grpc;

import io.grpc.stub.StreamObserver;
import io.seckill.user.contract.v1.CreateUserRequest;
import io.seckill.user.contract.v1.FindByMobileRequest;
import io.seckill.user.contract.v1.GetUserRequest;
import io.seckill.user.contract.v1.ListUsersRequest;
import io.seckill.user.contract.v1.ListUsersResponse;
import io.seckill.user.contract.v1.UpdateStatusRequest;
import io.seckill.user.contract.v1.User;
import io.seckill.user.contract.v1.UserServiceGrpc;
import io.seckill.user.contract.v1.VerifyPasswordRequest;
import io.seckill.user.contract.v1.VerifyPasswordResponse;
import io.seckill.user.service.user.application.UserDirectory;
import io.seckill.user.service.user.domain.UserAccount;
import io.seckill.user.service.user.domain.UserProblem;
import io.seckill.user.service.user.domain.UserQuery;
import io.seckill.user.service.user.domain.UserStatus;
import java.util.Optional;
import java.util.OptionalLong;
import org.springframework.stereotype.Component;

/** The gRPC edge of the user directory: protobuf in and out, errors as status codes ({@link GrpcCalls}). */
@Component
class UserGrpcService extends UserServiceGrpc.UserServiceImplBase {

    private final UserDirectory directory;

    UserGrpcService(UserDirectory directory) {
        this.directory = directory;
    }

    @Override
    public void createUser(CreateUserRequest request, StreamObserver<User> response) {
        GrpcCalls.unary(response, () -> toProto(directory.create(request.getMobile(), request.getPassword(), request.getNickname())));
    }

    @Override
    public void getUser(GetUserRequest request, StreamObserver<User> response) {
        GrpcCalls.unary(response, () -> toProto(directory.get(request.getId())));
    }

    @Override
    public void findByMobile(FindByMobileRequest request, StreamObserver<User> response) {
        GrpcCalls.unary(response, () -> toProto(directory.findByMobile(request.getMobile())));
    }

    @Override
    public void verifyPassword(VerifyPasswordRequest request, StreamObserver<VerifyPasswordResponse> response) {
        GrpcCalls.unary(response, () -> {
            Optional<UserAccount> account = directory.verifyPassword(request.getMobile(), request.getPassword());
            VerifyPasswordResponse.Builder answer = VerifyPasswordResponse.newBuilder().setMatches(account.isPresent());
            account.ifPresent(a -> answer.setUser(toProto(a)));
            return answer.build();
        });
    }

    @Override
    public void updateStatus(UpdateStatusRequest request, StreamObserver<User> response) {
        GrpcCalls.unary(response, () -> toProto(directory.updateStatus(request.getId(), fromProto(request.getStatus()),
                request.hasExpectedVersion() ? OptionalLong.of(request.getExpectedVersion()) : OptionalLong.empty())));
    }

    @Override
    public void listUsers(ListUsersRequest request, StreamObserver<ListUsersResponse> response) {
        GrpcCalls.unary(response, () -> {
            int size = request.getSize() == 0 ? UserQuery.DEFAULT_SIZE : request.getSize();
            var page = directory.list(new UserQuery(request.getPage(), size,
                    request.getStatus() == io.seckill.user.contract.v1.UserStatus.USER_STATUS_UNSPECIFIED
                            ? null : fromProto(request.getStatus()),
                    request.getMobilePrefix()));
            return ListUsersResponse.newBuilder()
                    .addAllUsers(page.users().stream().map(UserGrpcService::toProto).toList())
                    .setPage(page.page()).setSize(page.size()).setTotal(page.total())
                    .build();
        });
    }

    static User toProto(UserAccount account) {
        return User.newBuilder()
                .setId(account.id())
                .setMobile(account.mobile())
                .setNickname(account.nickname())
                .setStatus(io.seckill.user.contract.v1.UserStatus.valueOf(account.status().name()))
                .setCreatedAtEpochMillis(account.createdAt().toEpochMilli())
                .setVersion(account.version())
                .build();
    }

    static UserStatus fromProto(io.seckill.user.contract.v1.UserStatus status) {
        return switch (status) {
            case ACTIVE -> UserStatus.ACTIVE;
            case DISABLED -> UserStatus.DISABLED;
            case BLACKLISTED -> UserStatus.BLACKLISTED;
            case USER_STATUS_UNSPECIFIED, UNRECOGNIZED -> throw UserProblem.invalid("status must be ACTIVE, DISABLED or BLACKLISTED");
        };
    }
}

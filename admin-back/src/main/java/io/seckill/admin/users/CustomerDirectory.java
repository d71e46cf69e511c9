package io.seckill.admin.users;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.seckill.kernel.error.ApiException;
import io.seckill.kernel.error.ErrorCode;
import io.seckill.kernel.error.Problem;
import io.seckill.kernel.error.ProblemCode;
import io.seckill.user.contract.v1.GetUserRequest;
import io.seckill.user.contract.v1.ListUsersRequest;
import io.seckill.user.contract.v1.ListUsersResponse;
import io.seckill.user.contract.v1.UpdateStatusRequest;
import io.seckill.user.contract.v1.User;
import io.seckill.user.contract.v1.UserServiceGrpc;
import io.seckill.user.contract.v1.UserStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;

/**
 * Customers as the console sees them, read and changed through user-service's gRPC contract (ListUsers, GetUser,
 * UpdateStatus). Every call has a deadline and goes through one circuit breaker: with user-service down the
 * console gets a prompt 503 USER_SERVICE_UNAVAILABLE, never a hang or a 500. Definite answers (not found, invalid,
 * stale version) do not count against the breaker.
 */
public class CustomerDirectory {

    static final ProblemCode USER_SERVICE_UNAVAILABLE = new Problem("USER_SERVICE_UNAVAILABLE",
            HttpStatus.SERVICE_UNAVAILABLE, "User accounts are unavailable right now");
    private static final Logger log = LoggerFactory.getLogger(CustomerDirectory.class);
    private static final Set<Status.Code> UNWELL = Set.of(Status.Code.UNAVAILABLE, Status.Code.DEADLINE_EXCEEDED,
            Status.Code.INTERNAL, Status.Code.UNKNOWN, Status.Code.RESOURCE_EXHAUSTED, Status.Code.CANCELLED,
            Status.Code.UNIMPLEMENTED, Status.Code.DATA_LOSS, Status.Code.ABORTED);

    /** A customer as {@code /api/admin/users} returns it; ids as strings (DESIGN.md §12). */
    public record Customer(String id, String mobile, String nickname, String status, Instant createdAt, long version) {
    }

    public record CustomerPage(List<Customer> items, int page, int size, long total) {
    }

    private final UserServiceGrpc.UserServiceBlockingStub stub;
    private final CircuitBreaker breaker;
    private final Duration deadline;

    CustomerDirectory(UserServiceGrpc.UserServiceBlockingStub stub, CircuitBreaker breaker, Duration deadline) {
        this.stub = stub;
        this.breaker = breaker;
        this.deadline = deadline;
    }

    /** @param status null for any; @param mobilePrefix digits (optionally after '+'), null for any */
    public CustomerPage list(int page, int size, String status, String mobilePrefix) {
        ListUsersRequest.Builder request = ListUsersRequest.newBuilder().setPage(page).setSize(size);
        if (status != null) {
            request.setStatus(UserStatus.valueOf(status));
        }
        if (mobilePrefix != null) {
            request.setMobilePrefix(mobilePrefix);
        }
        ListUsersResponse answer = call(() -> stub().listUsers(request.build()));
        return new CustomerPage(answer.getUsersList().stream().map(CustomerDirectory::customer).toList(),
                answer.getPage(), answer.getSize(), answer.getTotal());
    }

    /** @throws ApiException 404 when there is no such customer */
    public Customer get(long id) {
        return customer(call(() -> stub().getUser(GetUserRequest.newBuilder().setId(id).build())));
    }

    /** @throws ApiException 404, 409 CONFLICT when {@code expectedVersion} is no longer current */
    public Customer updateStatus(long id, String status, long expectedVersion) {
        return customer(call(() -> stub().updateStatus(UpdateStatusRequest.newBuilder().setId(id)
                .setStatus(UserStatus.valueOf(status)).setExpectedVersion(expectedVersion).build())));
    }

    private UserServiceGrpc.UserServiceBlockingStub stub() {
        return stub.withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS);
    }

    private <T> T call(Supplier<T> rpc) {
        try {
            return breaker.executeSupplier(() -> {
                try {
                    return rpc.get();
                } catch (StatusRuntimeException e) {
                    if (UNWELL.contains(e.getStatus().getCode())) {
                        throw e;
                    }
                    throw answer(e.getStatus()); // a definite answer: not a failure for the breaker
                }
            });
        } catch (CallNotPermittedException e) {
            throw unavailable();
        } catch (StatusRuntimeException e) {
            log.warn("user-service call failed: {} {}", e.getStatus().getCode(), e.getStatus().getDescription());
            throw unavailable();
        }
    }

    private static ApiException answer(Status status) {
        String detail = status.getDescription() == null ? "The request was refused" : status.getDescription();
        return switch (status.getCode()) {
            case NOT_FOUND -> ApiException.notFound("user");
            case INVALID_ARGUMENT, OUT_OF_RANGE -> new ApiException(ErrorCode.VALIDATION_FAILED, detail);
            case FAILED_PRECONDITION, ALREADY_EXISTS -> new ApiException(ErrorCode.CONFLICT, detail);
            default -> new ApiException(ErrorCode.FORBIDDEN, "Not allowed");
        };
    }

    private static ApiException unavailable() {
        return new ApiException(USER_SERVICE_UNAVAILABLE, "User accounts are unavailable right now; try again shortly")
                .retryAfter(Duration.ofSeconds(2));
    }

    private static Customer customer(User user) {
        String status = switch (user.getStatus()) {
            case ACTIVE, DISABLED, BLACKLISTED -> user.getStatus().name();
            default -> "UNKNOWN";
        };
        return new Customer(Long.toString(user.getId()), user.getMobile(), user.getNickname(), status,
                Instant.ofEpochMilli(user.getCreatedAtEpochMillis()), user.getVersion());
    }
}

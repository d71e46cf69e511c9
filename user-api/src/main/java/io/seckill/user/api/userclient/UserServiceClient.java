package io.seckill.user.api.userclient;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.seckill.kernel.error.ApiException;
import io.seckill.kernel.error.ErrorCode;
import io.seckill.user.api.UserApiProblem;
import io.seckill.user.contract.v1.CreateUserRequest;
import io.seckill.user.contract.v1.FindByMobileRequest;
import io.seckill.user.contract.v1.GetUserRequest;
import io.seckill.user.contract.v1.User;
import io.seckill.user.contract.v1.UserServiceGrpc;
import io.seckill.user.contract.v1.VerifyPasswordRequest;
import io.seckill.user.contract.v1.VerifyPasswordResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * user-service as user-api uses it. Every call has a deadline; the idempotent reads are retried by the channel's
 * retry policy ({@link UserClientConfig}); all calls go through one circuit breaker, so with user-service down
 * callers get a 503 problem at once instead of each waiting out its deadline. Known answers (not found, taken,
 * invalid) are not failures for the breaker.
 */
public class UserServiceClient {

    private static final Logger log = LoggerFactory.getLogger(UserServiceClient.class);
    /** What says "user-service is unwell" (counts against the breaker, answered 503) rather than "no". */
    static final Set<Status.Code> UNAVAILABLE_CODES = Set.of(Status.Code.UNAVAILABLE, Status.Code.DEADLINE_EXCEEDED,
            Status.Code.INTERNAL, Status.Code.UNKNOWN, Status.Code.RESOURCE_EXHAUSTED, Status.Code.CANCELLED,
            Status.Code.UNIMPLEMENTED, Status.Code.DATA_LOSS, Status.Code.ABORTED);

    private final UserServiceGrpc.UserServiceBlockingStub stub;
    private final CircuitBreaker breaker;
    private final Duration deadline;
    private final Duration retryAfter;

    public UserServiceClient(UserServiceGrpc.UserServiceBlockingStub stub, CircuitBreaker breaker, Duration deadline,
                             Duration retryAfter) {
        this.stub = stub;
        this.breaker = breaker;
        this.deadline = deadline;
        this.retryAfter = retryAfter;
    }

    /** @throws ApiException 409 MOBILE_TAKEN, 400 VALIDATION_FAILED, 503 USER_SERVICE_UNAVAILABLE */
    public Customer create(String mobile, String password, String nickname) {
        User user = call(() -> stub().createUser(CreateUserRequest.newBuilder()
                .setMobile(mobile).setPassword(password).setNickname(nickname).build()));
        return toCustomer(user);
    }

    public Optional<Customer> get(long id) {
        return optional(() -> stub().getUser(GetUserRequest.newBuilder().setId(id).build()));
    }

    public Optional<Customer> findByMobile(String mobile) {
        return optional(() -> stub().findByMobile(FindByMobileRequest.newBuilder().setMobile(mobile).build()));
    }

    /** The customer when the password matches; empty for a wrong password and an unknown mobile alike. */
    public Optional<Customer> verifyPassword(String mobile, String password) {
        VerifyPasswordResponse answer = call(() -> stub().verifyPassword(VerifyPasswordRequest.newBuilder()
                .setMobile(mobile).setPassword(password).build()));
        return answer.getMatches() ? Optional.of(toCustomer(answer.getUser())) : Optional.empty();
    }

    private UserServiceGrpc.UserServiceBlockingStub stub() {
        return stub.withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS);
    }

    private Optional<Customer> optional(Supplier<User> read) {
        try {
            return Optional.of(toCustomer(call(read)));
        } catch (NotFound e) {
            return Optional.empty();
        }
    }

    private <T> T call(Supplier<T> rpc) {
        try {
            return breaker.executeSupplier(() -> {
                try {
                    return rpc.get();
                } catch (StatusRuntimeException e) {
                    if (UNAVAILABLE_CODES.contains(e.getStatus().getCode())) {
                        throw e;
                    }
                    // A definite answer: the breaker must count it as a success, so it leaves as another type.
                    throw answer(e.getStatus());
                }
            });
        } catch (CallNotPermittedException e) {
            throw unavailable();
        } catch (StatusRuntimeException e) {
            log.warn("user-service call failed: {} {}", e.getStatus().getCode(), e.getStatus().getDescription());
            throw unavailable();
        }
    }

    private static RuntimeException answer(Status status) {
        String detail = status.getDescription() == null ? "The request was refused" : status.getDescription();
        return switch (status.getCode()) {
            case NOT_FOUND -> new NotFound();
            case ALREADY_EXISTS -> new ApiException(UserApiProblem.MOBILE_TAKEN, "An account with this mobile already exists");
            case INVALID_ARGUMENT, OUT_OF_RANGE -> new ApiException(ErrorCode.VALIDATION_FAILED, detail);
            case FAILED_PRECONDITION -> new ApiException(ErrorCode.CONFLICT, detail);
            case PERMISSION_DENIED, UNAUTHENTICATED -> new ApiException(ErrorCode.FORBIDDEN, "Not allowed");
            default -> new IllegalStateException("unexpected user-service status " + status.getCode());
        };
    }

    private ApiException unavailable() {
        return new ApiException(UserApiProblem.USER_SERVICE_UNAVAILABLE, "Accounts are unavailable right now; try again shortly")
                .retryAfter(retryAfter);
    }

    static Customer toCustomer(User user) {
        Customer.Status status = switch (user.getStatus()) {
            case ACTIVE -> Customer.Status.ACTIVE;
            case BLACKLISTED -> Customer.Status.BLACKLISTED;
            // An unknown future status must never let someone in.
            default -> Customer.Status.DISABLED;
        };
        return new Customer(user.getId(), user.getMobile(), user.getNickname(), status,
                Instant.ofEpochMilli(user.getCreatedAtEpochMillis()));
    }

    /** NOT_FOUND from user-service: a normal answer for reads, turned into an empty Optional. */
    private static final class NotFound extends RuntimeException {
        NotFound() {
            super(null, null, false, false);
        }
    }
}

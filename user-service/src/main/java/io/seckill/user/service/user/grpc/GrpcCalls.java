package io.seckill.user.service.user.grpc;

import io.grpc.Context;
import io.grpc.Deadline;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.seckill.user.service.user.domain.UserProblem;
import java.util.UUID;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;

/**
 * Runs a unary call and turns every outcome into a status: known failures get their code (never UNKNOWN), an
 * unreachable database is UNAVAILABLE (the client may retry reads), anything else is INTERNAL with an error id
 * that is also in the log. Descriptions are fixed texts: an exception message can hold SQL or values, so it
 * never goes to the caller.
 */
final class GrpcCalls {

    private static final Logger log = LoggerFactory.getLogger(GrpcCalls.class);

    private GrpcCalls() {
    }

    static <T> void unary(StreamObserver<T> response, Supplier<T> work) {
        T answer;
        try {
            requireTimeLeft();
            answer = work.get();
            // The caller has gone: answering would only log a CANCELLED warning.
            if (Context.current().isCancelled()) {
                return;
            }
        } catch (RuntimeException e) {
            response.onError(toStatus(e).asRuntimeException());
            return;
        }
        response.onNext(answer);
        response.onCompleted();
    }

    /** Work whose caller has already given up is not started (a BCrypt check costs ~60 ms of CPU). */
    private static void requireTimeLeft() {
        Deadline deadline = Context.current().getDeadline();
        if (Context.current().isCancelled() || (deadline != null && deadline.isExpired())) {
            throw Status.DEADLINE_EXCEEDED.withDescription("deadline passed before the call was served").asRuntimeException();
        }
    }

    static Status toStatus(RuntimeException e) {
        if (e instanceof UserProblem problem) {
            Status status = switch (problem.kind()) {
                case INVALID_ARGUMENT -> Status.INVALID_ARGUMENT;
                case NOT_FOUND -> Status.NOT_FOUND;
                case ALREADY_EXISTS -> Status.ALREADY_EXISTS;
                case STALE_VERSION -> Status.FAILED_PRECONDITION;
            };
            return status.withDescription(problem.getMessage());
        }
        if (e instanceof io.grpc.StatusRuntimeException sre) {
            return sre.getStatus();
        }
        if (e instanceof CannotGetJdbcConnectionException || e instanceof DataAccessResourceFailureException
                || e instanceof QueryTimeoutException || e instanceof TransientDataAccessException) {
            log.warn("user store unavailable: {}", e.getClass().getSimpleName());
            return Status.UNAVAILABLE.withDescription("the user store is unavailable; retry later");
        }
        String errorId = UUID.randomUUID().toString();
        log.error("unexpected error {} in a user-service call", errorId, e);
        return Status.INTERNAL.withDescription("internal error; quote error id " + errorId);
    }
}

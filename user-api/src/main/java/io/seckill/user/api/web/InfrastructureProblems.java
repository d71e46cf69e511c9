package io.seckill.user.api.web;

import io.seckill.kernel.error.ErrorCode;
import io.seckill.kernel.error.ProblemExceptionHandler;
import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.data.redis.RedisConnectionFailureException;
import org.springframework.data.redis.RedisSystemException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Redis unreachable (SMS limits, refresh tokens, the deny-list live there) is a 503 with {@code Retry-After},
 * not a 500: nothing was half-done that a retry would break (each change is one atomic script or command).
 */
@RestControllerAdvice(basePackages = "io.seckill.user.api")
@Order(Ordered.HIGHEST_PRECEDENCE)
class InfrastructureProblems {

    private static final Logger log = LoggerFactory.getLogger(InfrastructureProblems.class);

    @ExceptionHandler({RedisConnectionFailureException.class, RedisSystemException.class, QueryTimeoutException.class})
    ResponseEntity<ProblemDetail> unavailable(RuntimeException e, HttpServletRequest request) {
        log.warn("{} {}: Redis unavailable: {}", request.getMethod(), request.getRequestURI(), e.getClass().getSimpleName());
        return ResponseEntity.status(503).header(HttpHeaders.RETRY_AFTER, "1")
                .body(ProblemExceptionHandler.problem(ErrorCode.SERVICE_UNAVAILABLE, "Please try again in a moment", request));
    }
}

package io.seckill.seckillapi;

import io.seckill.kernel.error.ErrorCode;
import io.seckill.kernel.error.ProblemExceptionHandler;
import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.data.redis.RedisConnectionFailureException;
import org.springframework.data.redis.RedisSystemException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Redis or MySQL unreachable is a 503 with {@code Retry-After}, not a 500: the client may retry, nothing was
 * kept (every write here is a single atomic script or statement).
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class InfrastructureProblems {

    private static final Logger log = LoggerFactory.getLogger(InfrastructureProblems.class);

    @ExceptionHandler({RedisConnectionFailureException.class, RedisSystemException.class, QueryTimeoutException.class,
            DataAccessResourceFailureException.class})
    ResponseEntity<ProblemDetail> unavailable(RuntimeException e, HttpServletRequest request) {
        log.warn("{} {}: backing store unavailable: {}", request.getMethod(), request.getRequestURI(), e.toString());
        return ResponseEntity.status(503).header(HttpHeaders.RETRY_AFTER, "1")
                .body(ProblemExceptionHandler.problem(ErrorCode.SERVICE_UNAVAILABLE, "Please try again in a moment", request));
    }
}

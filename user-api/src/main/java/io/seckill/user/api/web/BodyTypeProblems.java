package io.seckill.user.api.web;

import io.seckill.kernel.error.ErrorCode;
import io.seckill.kernel.error.ProblemExceptionHandler;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import tools.jackson.core.JacksonException;

/**
 * A body field of the wrong JSON type (an object where a string belongs) names the field, like bean validation
 * errors do, so clients can show it next to the input. The kernel's handler answers the same status and code but
 * without the field; JSON that does not parse at all keeps the kernel's answer. Never echoes the parser message.
 */
@RestControllerAdvice(basePackages = "io.seckill.user.api")
@Order(Ordered.HIGHEST_PRECEDENCE)
class BodyTypeProblems {

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<ProblemDetail> unreadable(HttpMessageNotReadableException e, HttpServletRequest request) {
        ProblemDetail body = ProblemExceptionHandler.problem(ErrorCode.MALFORMED_REQUEST,
                "The request body is not valid JSON for this endpoint", request);
        if (e.getCause() instanceof JacksonException jackson && !jackson.getPath().isEmpty()) {
            String field = jackson.getPath().stream()
                    .map(ref -> ref.getPropertyName() != null ? ref.getPropertyName() : "[" + ref.getIndex() + "]")
                    .collect(Collectors.joining("."));
            body.setProperty("errors", List.of(Map.of("field", field, "message", "has the wrong type")));
        }
        return ResponseEntity.badRequest().body(body);
    }
}

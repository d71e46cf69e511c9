package io.seckill.kernel.error;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.ConstraintViolationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.beans.TypeMismatchException;
import org.springframework.http.converter.HttpMessageNotReadableException;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The one global exception handler (RFC 9457): every error leaves a service as {@code application/problem+json}
 * with {@code type}, {@code title}, {@code status}, {@code detail}, {@code instance} and a stable {@code code}.
 * Spring MVC's own exceptions (unknown path, wrong method, unreadable body, type mismatch…) go through
 * {@link ResponseEntityExceptionHandler} and get a code from their status; validation failures list the fields.
 * An unexpected exception is logged with an error id and answered 500 with that id only: no message, no trace.
 */
@RestControllerAdvice
public class ProblemExceptionHandler extends ResponseEntityExceptionHandler {

    public static final String TYPE_BASE = "https://seckill.io/problems/";
    private static final Logger log = LoggerFactory.getLogger(ProblemExceptionHandler.class);

    @ExceptionHandler(ApiException.class)
    public ResponseEntity<ProblemDetail> handleApi(ApiException ex, HttpServletRequest request) {
        ProblemDetail body = problem(ex.problem(), ex.getMessage(), request);
        ex.properties().forEach(body::setProperty);
        HttpHeaders headers = new HttpHeaders();
        if (ex.retryAfter() != null) {
            headers.set(HttpHeaders.RETRY_AFTER, Long.toString(retryAfterSeconds(ex.retryAfter())));
        }
        return ResponseEntity.status(ex.problem().status()).headers(headers).body(body);
    }

    @ExceptionHandler(ConstraintViolationException.class)
    public ResponseEntity<ProblemDetail> handleConstraintViolation(ConstraintViolationException ex, HttpServletRequest request) {
        ProblemDetail body = problem(ErrorCode.VALIDATION_FAILED, "Some values are not valid", request);
        body.setProperty("errors", ex.getConstraintViolations().stream()
                .map(v -> Map.of("field", lastNode(v.getPropertyPath().toString()), "message", v.getMessage()))
                .toList());
        return ResponseEntity.badRequest().body(body);
    }

    @ExceptionHandler(Exception.class)
    public ResponseEntity<ProblemDetail> handleUnexpected(Exception ex, HttpServletRequest request) {
        String errorId = UUID.randomUUID().toString();
        log.error("unexpected error {} on {} {}", errorId, request.getMethod(), request.getRequestURI(), ex);
        ProblemDetail body = problem(ErrorCode.INTERNAL_ERROR,
                "Something went wrong on our side; quote error id " + errorId, request);
        body.setProperty("errorId", errorId);
        return ResponseEntity.internalServerError().body(body);
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        ProblemDetail body = problem(ErrorCode.VALIDATION_FAILED, "Some fields are not valid", request);
        body.setProperty("errors", fieldErrors(ex.getBindingResult().getFieldErrors()));
        return ResponseEntity.badRequest().headers(headers).body(body);
    }

    @Override
    protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        ProblemDetail body = problem(ErrorCode.VALIDATION_FAILED, "Some values are not valid", request);
        body.setProperty("errors", ex.getParameterValidationResults().stream()
                .flatMap(r -> r.getResolvableErrors().stream().map(e -> Map.of(
                        "field", r.getMethodParameter().getParameterName() == null ? "" : r.getMethodParameter().getParameterName(),
                        "message", e.getDefaultMessage() == null ? "invalid" : e.getDefaultMessage())))
                .toList());
        return ResponseEntity.badRequest().headers(headers).body(body);
    }

    @Override
    protected ResponseEntity<Object> handleTypeMismatch(TypeMismatchException ex, HttpHeaders headers,
            HttpStatusCode status, WebRequest request) {
        String name = ex.getPropertyName() == null ? "a value" : "'" + ex.getPropertyName() + "'";
        return ResponseEntity.badRequest().headers(headers)
                .body(problem(ErrorCode.MALFORMED_REQUEST, name + " has the wrong format", request));
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        // The parser's message may echo the body; keep it out of the answer.
        return ResponseEntity.badRequest().headers(headers)
                .body(problem(ErrorCode.MALFORMED_REQUEST, "The request body is not valid JSON for this endpoint", request));
    }

    /** Framework exceptions: keep Spring's status and detail, add our code, type and instance. */
    @Override
    protected ResponseEntity<Object> handleExceptionInternal(Exception ex, Object body, HttpHeaders headers,
            HttpStatusCode statusCode, WebRequest request) {
        if (body instanceof ProblemDetail problem && problem.getProperties() != null
                && problem.getProperties().containsKey("code")) {
            return super.handleExceptionInternal(ex, body, headers, statusCode, request);
        }
        ErrorCode code = ErrorCode.forStatus(statusCode.value());
        String detail = body instanceof ProblemDetail problem && problem.getDetail() != null
                ? problem.getDetail() : code.title();
        ProblemDetail decorated = problem(code, detail, request);
        decorated.setStatus(statusCode.value());
        return super.handleExceptionInternal(ex, decorated, headers, statusCode, request);
    }

    public static ProblemDetail problem(ProblemCode code, String detail, HttpServletRequest request) {
        ProblemDetail body = ProblemDetail.forStatusAndDetail(code.status(), detail);
        body.setType(URI.create(TYPE_BASE + code.code().toLowerCase().replace('_', '-')));
        body.setTitle(code.title());
        body.setProperty("code", code.code());
        if (request != null) {
            body.setInstance(URI.create(request.getRequestURI()));
        }
        return body;
    }

    private static ProblemDetail problem(ProblemCode code, String detail, WebRequest request) {
        HttpServletRequest servletRequest = request instanceof ServletWebRequest swr ? swr.getRequest() : null;
        return problem(code, detail, servletRequest);
    }

    private static List<Map<String, String>> fieldErrors(List<FieldError> errors) {
        return errors.stream()
                .map(e -> Map.of("field", e.getField(), "message", e.getDefaultMessage() == null ? "invalid" : e.getDefaultMessage()))
                .toList();
    }

    private static String lastNode(String path) {
        int dot = path.lastIndexOf('.');
        return dot < 0 ? path : path.substring(dot + 1);
    }

    private static long retryAfterSeconds(Duration delay) {
        long seconds = (delay.toMillis() + 999) / 1000;
        return Math.max(1, seconds);
    }
}

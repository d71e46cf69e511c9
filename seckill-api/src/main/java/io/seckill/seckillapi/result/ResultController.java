package io.seckill.seckillapi.result;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.seckill.kernel.error.ApiException;
import io.seckill.seckillapi.auth.CustomerAuth;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * The fate of an accepted attempt: {@code GET /api/seckill/orders/{reservationId}} (poll) and {@code …/events}
 * (Server-Sent Events until final). QUEUED until the order pipeline reports CREATED(orderId) or FAILED(reason).
 * Another user's reservation id answers 404, exactly like an unknown one.
 */
@RestController
class ResultController {

    private final ReservationIndex index;
    private final ReservationResults results;
    private final ResultStreams streams;

    ResultController(ReservationIndex index, ReservationResults results, ResultStreams streams) {
        this.index = index;
        this.results = results;
        this.streams = streams;
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Result(String reservationId, String status, String orderId, String reason) {
        static Result of(long reservationId, ReservationResults.Outcome outcome) {
            return new Result(Long.toString(reservationId), outcome.status(), outcome.orderId(), outcome.reason());
        }
    }

    @GetMapping("/api/seckill/orders/{reservationId}")
    Result result(@PathVariable long reservationId, HttpServletRequest request) {
        requireOwn(reservationId, request);
        return Result.of(reservationId, results.find(reservationId)
                .orElse(new ReservationResults.Outcome("QUEUED", null, null)));
    }

    @GetMapping(path = "/api/seckill/orders/{reservationId}/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    SseEmitter events(@PathVariable long reservationId, HttpServletRequest request) {
        requireOwn(reservationId, request);
        return streams.open(reservationId);
    }

    private void requireOwn(long reservationId, HttpServletRequest request) {
        long userId = CustomerAuth.userId(request);
        index.find(reservationId)
                .filter(entry -> entry.userId() == userId)
                .orElseThrow(() -> ApiException.notFound("reservation " + reservationId));
    }
}

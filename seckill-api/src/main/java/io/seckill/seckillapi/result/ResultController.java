package io.seckill.seckillapi.result;

import io.seckill.kernel.error.ApiException;
import io.seckill.seckillapi.auth.CustomerAuth;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/seckill/orders/{reservationId}}: the buyer polls the fate of an accepted attempt. Until the
 * order pipeline reports back (the order-service issue), every accepted reservation is honestly QUEUED. Another
 * user's reservation id answers 404, exactly like an unknown one.
 */
@RestController
class ResultController {

    private final ReservationIndex index;

    ResultController(ReservationIndex index) {
        this.index = index;
    }

    record Result(String reservationId, String status) {
    }

    @GetMapping("/api/seckill/orders/{reservationId}")
    Result result(@PathVariable long reservationId, HttpServletRequest request) {
        long userId = CustomerAuth.userId(request);
        return index.find(reservationId)
                .filter(entry -> entry.userId() == userId)
                .map(entry -> new Result(Long.toString(reservationId), "QUEUED"))
                .orElseThrow(() -> ApiException.notFound("reservation " + reservationId));
    }
}

package io.seckill.seckillapi.attempt;

import io.seckill.kernel.error.ApiException;
import io.seckill.kernel.error.ErrorCode;
import io.seckill.seckillapi.auth.CustomerAuth;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.constraints.NotNull;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** {@code POST /api/seckill/activities/{id}/{path}/orders {quantity}} → 202 {reservationId, status: QUEUED}. */
@RestController
class AttemptController {

    private static final int MAX_PATH_LENGTH = 64;

    private final AttemptService attempts;

    AttemptController(AttemptService attempts) {
        this.attempts = attempts;
    }

    /** The body; a {@code userId} in it is ignored (unknown properties are): the buyer is the token's subject. */
    record AttemptRequest(@NotNull Integer quantity) {
    }

    record Accepted(String reservationId, String status) {
    }

    @PostMapping("/api/seckill/activities/{activityId}/{path}/orders")
    @ResponseStatus(HttpStatus.ACCEPTED)
    Accepted attempt(@PathVariable long activityId, @PathVariable String path,
                     @RequestBody(required = false) AttemptRequest body, HttpServletRequest request) {
        long userId = CustomerAuth.userId(request);
        if (body == null || body.quantity() == null) {
            throw new ApiException(ErrorCode.VALIDATION_FAILED, "quantity is required");
        }
        if (path.length() > MAX_PATH_LENGTH) {
            throw new ApiException(io.seckill.seckillapi.SeckillProblem.BAD_PATH, "get a new path through the captcha");
        }
        long reservationId = attempts.attempt(activityId, userId, request.getRemoteAddr(), path, body.quantity());
        return new Accepted(Long.toString(reservationId), "QUEUED");
    }
}

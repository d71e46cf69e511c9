package io.seckill.seckillapi;

import io.seckill.kernel.error.ProblemCode;
import org.springframework.http.HttpStatus;

/** The stable codes of the rush path (DESIGN.md §12), on top of the kernel's shared ones. */
public enum SeckillProblem implements ProblemCode {

    BAD_PATH(HttpStatus.FORBIDDEN, "The seckill path is invalid, expired or already used"),
    DUPLICATE(HttpStatus.CONFLICT, "You already have a reservation for this activity"),
    SOLD_OUT(HttpStatus.GONE, "Sold out"),
    ENDED(HttpStatus.GONE, "The activity has ended"),
    NOT_STARTED(HttpStatus.TOO_EARLY, "The activity has not started"),
    OVER_PER_USER_LIMIT(HttpStatus.BAD_REQUEST, "More than the per-user limit"),
    CAPTCHA_WRONG(HttpStatus.BAD_REQUEST, "The captcha answer is wrong or expired"),
    QUEUE_UNAVAILABLE(HttpStatus.SERVICE_UNAVAILABLE, "The order queue is unavailable; nothing was kept"),
    STOCK_UNAVAILABLE(HttpStatus.SERVICE_UNAVAILABLE, "The stock service is unavailable; nothing was kept");

    private final HttpStatus status;
    private final String title;

    SeckillProblem(HttpStatus status, String title) {
        this.status = status;
        this.title = title;
    }

    @Override
    public String code() {
        return name();
    }

    @Override
    public HttpStatus status() {
        return status;
    }

    @Override
    public String title() {
        return title;
    }
}

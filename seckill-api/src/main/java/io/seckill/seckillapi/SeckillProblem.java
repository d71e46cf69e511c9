package io.seckill.seckillapi;

import io.seckill.kernel.error.Problem;
import io.seckill.kernel.error.ProblemCode;
import org.springframework.http.HttpStatus;

/** The stable codes of the rush path (DESIGN.md §12), on top of the kernel's shared ones. */
public final class SeckillProblem {

    public static final ProblemCode BAD_PATH = new Problem("BAD_PATH", HttpStatus.FORBIDDEN, "The seckill path is invalid, expired or already used");
    public static final ProblemCode DUPLICATE = new Problem("DUPLICATE", HttpStatus.CONFLICT, "You already have a reservation for this activity");
    public static final ProblemCode SOLD_OUT = new Problem("SOLD_OUT", HttpStatus.GONE, "Sold out");
    public static final ProblemCode ENDED = new Problem("ENDED", HttpStatus.GONE, "The activity has ended");
    public static final ProblemCode NOT_STARTED = new Problem("NOT_STARTED", HttpStatus.TOO_EARLY, "The activity has not started");
    public static final ProblemCode OVER_PER_USER_LIMIT = new Problem("OVER_PER_USER_LIMIT", HttpStatus.BAD_REQUEST, "More than the per-user limit");
    public static final ProblemCode CAPTCHA_WRONG = new Problem("CAPTCHA_WRONG", HttpStatus.BAD_REQUEST, "The captcha answer is wrong or expired");
    public static final ProblemCode QUEUE_UNAVAILABLE = new Problem("QUEUE_UNAVAILABLE", HttpStatus.SERVICE_UNAVAILABLE, "The order queue is unavailable; nothing was kept");
    public static final ProblemCode STOCK_UNAVAILABLE = new Problem("STOCK_UNAVAILABLE", HttpStatus.SERVICE_UNAVAILABLE, "The stock service is unavailable; nothing was kept");

    private SeckillProblem() {
    }
}

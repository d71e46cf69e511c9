package io.seckill.order.orders;

import io.seckill.kernel.error.ProblemCode;
import org.springframework.http.HttpStatus;

/** Stable codes of the orders API. */
enum OrderProblem implements ProblemCode {
    ORDER_STATE(HttpStatus.CONFLICT, "The order is not in a state that allows this");

    private final HttpStatus status;
    private final String title;

    OrderProblem(HttpStatus status, String title) {
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

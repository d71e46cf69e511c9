package io.seckill.order.orders;

import io.seckill.kernel.error.Problem;
import io.seckill.kernel.error.ProblemCode;
import org.springframework.http.HttpStatus;

/** Stable codes of the orders API. */
final class OrderProblem {

    static final ProblemCode ORDER_STATE = new Problem("ORDER_STATE", HttpStatus.CONFLICT, "The order is not in a state that allows this");

    private OrderProblem() {
    }
}

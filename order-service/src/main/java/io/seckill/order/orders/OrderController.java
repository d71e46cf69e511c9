package io.seckill.order.orders;

import io.seckill.kernel.error.ApiException;
import io.seckill.kernel.error.ErrorCode;
import io.seckill.kernel.security.TokenAuthentication;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** My orders, one order, simulated payment, cancellation (DESIGN.md §12); another buyer's order is a 404. */
@RestController
class OrderController {

    private static final int MAX_PAGE_SIZE = 100;

    private final Orders orders;

    OrderController(Orders orders) {
        this.orders = orders;
    }

    @GetMapping("/api/orders")
    Orders.Page mine(@RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "20") int size,
                     HttpServletRequest request) {
        if (page < 0 || size < 1 || size > MAX_PAGE_SIZE) {
            throw new ApiException(ErrorCode.VALIDATION_FAILED, "page >= 0 and 1 <= size <= " + MAX_PAGE_SIZE);
        }
        return orders.mine(buyer(request), page, size);
    }

    @GetMapping("/api/orders/{orderId}")
    Order one(@PathVariable long orderId, HttpServletRequest request) {
        return orders.mine(buyer(request), orderId);
    }

    @PostMapping("/api/orders/{orderId}/pay")
    Order pay(@PathVariable long orderId, HttpServletRequest request) {
        return orders.pay(buyer(request), orderId);
    }

    @PostMapping("/api/orders/{orderId}/cancel")
    Order cancel(@PathVariable long orderId, HttpServletRequest request) {
        return orders.cancelByBuyer(buyer(request), orderId);
    }

    private static long buyer(HttpServletRequest request) {
        return TokenAuthentication.token(request).subjectId();
    }
}

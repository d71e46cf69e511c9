package io.seckill.tx;

/**
 * A participant's permanent "no" (duplicate order, stock guard, a try after its cancel): retrying cannot help,
 * so the coordinator rolls the transaction back and the reason reaches the user. Any other exception from a try
 * is transient (MySQL or Redis unavailable) and leaves the decision to the caller and the hanging scanner.
 */
public class BusinessRefusal extends RuntimeException {

    private final String reason;

    public BusinessRefusal(String reason, String detail) {
        super(detail, null, false, false);
        this.reason = reason;
    }

    /** A stable code the user may see, e.g. {@code SOLD_OUT_IN_DATABASE}. */
    public String reason() {
        return reason;
    }
}

package io.seckill.kernel.error;

import org.springframework.http.HttpStatus;

/**
 * A feature's own stable code, declared as a constant ({@code static final ProblemCode SOLD_OUT = new
 * Problem("SOLD_OUT", HttpStatus.GONE, "Sold out")}) rather than as one more enum repeating the accessors.
 */
public record Problem(String code, HttpStatus status, String title) implements ProblemCode {

    public Problem {
        if (code == null || !code.matches("[A-Z][A-Z0-9_]*")) {
            throw new IllegalArgumentException("a problem code is upper snake case: " + code);
        }
    }
}

package io.seckill.kernel.error;

import org.springframework.http.HttpStatus;

/**
 * A stable, machine-readable error: clients switch on {@link #code()}, never on the human text. Services add
 * their own codes by implementing this interface on their own enum (e.g. {@code SOLD_OUT}).
 */
public interface ProblemCode {

    /** Upper snake case, never renamed once published. */
    String code();

    HttpStatus status();

    /** Short human summary, the same for every occurrence of the code. */
    String title();
}

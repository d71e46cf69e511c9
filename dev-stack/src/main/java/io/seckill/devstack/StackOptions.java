package io.seckill.devstack;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Command-line options of the launcher (the {@code ./seckill} script passes them through).
 *
 * @param home     the repository root: service jars are found under it and state goes to {@code home/.seckill}
 * @param port     the dev router's port
 * @param external use Redis/MySQL/Kafka given by environment variables instead of the embedded ones
 * @param stateDir where data, logs, keys and generated passwords live ({@code home/.seckill} by default)
 */
record StackOptions(Path home, int port, boolean external, Path stateDir) {

    static final int DEFAULT_PORT = 8080;

    static StackOptions parse(String[] args) {
        Path home = Path.of("").toAbsolutePath();
        int port = DEFAULT_PORT;
        boolean external = false;
        Path stateDir = null;
        List<String> rest = new ArrayList<>(List.of(args));
        while (!rest.isEmpty()) {
            String arg = rest.removeFirst();
            switch (arg) {
                case "--home" -> home = Path.of(value(arg, rest)).toAbsolutePath().normalize();
                case "--port" -> port = parsePort(value(arg, rest));
                case "--external" -> external = true;
                case "--state-dir" -> stateDir = Path.of(value(arg, rest)).toAbsolutePath().normalize();
                default -> throw new UsageException("unknown option " + arg);
            }
        }
        return new StackOptions(home, port, external, stateDir != null ? stateDir : home.resolve(".seckill"));
    }

    private static String value(String option, List<String> rest) {
        if (rest.isEmpty()) {
            throw new UsageException(option + " needs a value");
        }
        return rest.removeFirst();
    }

    private static int parsePort(String text) {
        try {
            int port = Integer.parseInt(text);
            if (port < 1 || port > 65535) {
                throw new NumberFormatException();
            }
            return port;
        } catch (NumberFormatException e) {
            throw new UsageException("--port takes a number from 1 to 65535, not '" + text + "'");
        }
    }

    /** A wrong command line: reported in one line, exit code 2. */
    static final class UsageException extends RuntimeException {
        UsageException(String message) {
            super(message);
        }
    }
}

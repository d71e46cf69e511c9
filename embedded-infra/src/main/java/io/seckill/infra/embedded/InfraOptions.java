package io.seckill.infra.embedded;

import java.nio.file.Path;
import java.util.Objects;

/**
 * How to start the embedded infrastructure.
 *
 * @param workDir          folder that holds binaries, data and temp files (`.seckill/` for the dev stack,
 *                         `target/embedded-infra` for tests); nothing is written outside it
 * @param keepDatabase     keep the MariaDB data directory between runs (dev stack) or wipe it (tests)
 * @param redisPort        0 for a free port
 * @param mariaDbPort      0 for a free port
 * @param kafkaPort        0 for a free port
 * @param kafkaPartitions  partitions of each pre-created topic
 * @param databasePassword password of the application database user
 */
public record InfraOptions(Path workDir, boolean keepDatabase, int redisPort, int mariaDbPort, int kafkaPort,
                           int kafkaPartitions, String databasePassword) {

    public InfraOptions {
        Objects.requireNonNull(workDir, "workDir");
        Objects.requireNonNull(databasePassword, "databasePassword");
        if (kafkaPartitions < 1) {
            throw new IllegalArgumentException("kafkaPartitions must be >= 1");
        }
    }

    /** Options for a throw-away test stack under {@code workDir}: free ports, fresh database. */
    public static InfraOptions forTests(Path workDir) {
        return new InfraOptions(workDir, false, 0, 0, 0, 4, "test-" + Long.toHexString(System.nanoTime()));
    }
}

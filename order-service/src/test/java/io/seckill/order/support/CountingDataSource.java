package io.seckill.order.support;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.jdbc.datasource.DelegatingDataSource;

/**
 * Counts what the application sends to MySQL through its pool: statements (every {@code prepareStatement} /
 * {@code createStatement}, which is one execution each with Spring JDBC) and commits as the server sees them —
 * explicit {@code commit()} calls plus every statement run in auto-commit mode. Threads registered with
 * {@link #ignore} (a test's own checks) are not counted. Install it with {@link #wrapping()} as a bean.
 */
public final class CountingDataSource extends DelegatingDataSource {

    private final AtomicLong statements = new AtomicLong();
    private final AtomicLong commits = new AtomicLong();
    private volatile Thread ignored;

    public CountingDataSource(DataSource target) {
        super(target);
    }

    /** Wraps the application's DataSource bean. */
    public static BeanPostProcessor wrapping() {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String beanName) {
                return bean instanceof DataSource dataSource && !(bean instanceof CountingDataSource)
                        ? new CountingDataSource(dataSource) : bean;
            }
        };
    }

    public void ignore(Thread thread) {
        ignored = thread;
    }

    public long statements() {
        return statements.get();
    }

    public long commits() {
        return commits.get();
    }

    @Override
    public Connection getConnection() throws SQLException {
        return counting(super.getConnection());
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        return counting(super.getConnection(username, password));
    }

    private Connection counting(Connection connection) {
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[]{Connection.class},
                (proxy, method, args) -> {
                    boolean counted = Thread.currentThread() != ignored;
                    String name = method.getName();
                    if (counted && (name.equals("prepareStatement") || name.equals("createStatement") || name.equals("prepareCall"))) {
                        statements.incrementAndGet();
                        if (connection.getAutoCommit()) {
                            commits.incrementAndGet();
                        }
                    } else if (counted && name.equals("commit")) {
                        commits.incrementAndGet();
                    }
                    try {
                        return method.invoke(connection, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}

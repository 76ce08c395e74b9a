package dev.moeserve.infrastructure.persistence;

import javax.sql.DataSource;
import java.io.PrintWriter;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.logging.Logger;

/**
 * A DataSource that lets the Postgres adapters join a {@link PostgresUnitOfWork} unchanged. Outside a
 * unit of work it is the plain DataSource. Inside one, every {@code getConnection()} on the thread
 * returns the unit's connection behind a proxy whose {@code close}, {@code commit} and
 * {@code setAutoCommit} do nothing (the unit commits once at its end) and whose {@code rollback} marks
 * the unit failed, so an adapter that gives up on its part cannot have the rest committed without it.
 */
public final class TransactionalDataSource implements DataSource {
    private final DataSource target;
    private final ThreadLocal<Unit> current = new ThreadLocal<>();

    public TransactionalDataSource(DataSource target) {
        this.target = target;
    }

    /** The connection of a running unit of work and whether a participant asked to roll it back. */
    static final class Unit {
        final Connection connection;
        boolean rollbackOnly;

        Unit(Connection connection) {
            this.connection = connection;
        }
    }

    /** Binds a fresh transaction to this thread; null when one is already bound (the caller joins it). */
    Unit begin() throws SQLException {
        if (current.get() != null) {
            return null;
        }
        Connection c = target.getConnection();
        try {
            c.setAutoCommit(false);
        } catch (SQLException | RuntimeException e) {
            c.close();
            throw e;
        }
        Unit unit = new Unit(c);
        current.set(unit);
        return unit;
    }

    /** Commits or rolls back the unit, returns its connection to the pool and unbinds it. */
    void end(Unit unit, boolean commit) throws SQLException {
        current.remove();
        try (Connection c = unit.connection) {
            try {
                if (commit && !unit.rollbackOnly) {
                    c.commit();
                } else {
                    c.rollback();
                }
            } finally {
                c.setAutoCommit(true); // the pool hands it out again in its usual state
            }
        }
    }

    @Override
    public Connection getConnection() throws SQLException {
        Unit unit = current.get();
        return unit == null ? target.getConnection() : joined(unit);
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        if (current.get() != null) {
            throw new SQLException("a unit of work is running on this thread: its connection is the only one to use");
        }
        return target.getConnection(username, password);
    }

    private static Connection joined(Unit unit) {
        InvocationHandler handler = (proxy, method, args) -> switch (method.getName()) {
            case "close", "commit", "setAutoCommit" -> null;
            case "rollback" -> {
                if (args == null) {
                    unit.rollbackOnly = true;
                    yield null;
                }
                yield invoke(unit.connection, method, args); // rollback to a savepoint stays the adapter's own
            }
            case "isClosed" -> false;
            case "getAutoCommit" -> false;
            case "unwrap" -> args[0] == Connection.class ? proxy : invoke(unit.connection, method, args);
            case "equals" -> proxy == args[0];
            case "hashCode" -> System.identityHashCode(proxy);
            default -> invoke(unit.connection, method, args);
        };
        return (Connection) Proxy.newProxyInstance(TransactionalDataSource.class.getClassLoader(),
                new Class<?>[] {Connection.class}, handler);
    }

    private static Object invoke(Connection target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    @Override
    public PrintWriter getLogWriter() throws SQLException {
        return target.getLogWriter();
    }

    @Override
    public void setLogWriter(PrintWriter out) throws SQLException {
        target.setLogWriter(out);
    }

    @Override
    public void setLoginTimeout(int seconds) throws SQLException {
        target.setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() throws SQLException {
        return target.getLoginTimeout();
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        return target.getParentLogger();
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        return iface.isInstance(this) ? iface.cast(this) : target.unwrap(iface);
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) throws SQLException {
        return iface.isInstance(this) || target.isWrapperFor(iface);
    }
}

package dev.moeserve.infrastructure.persistence;

import dev.moeserve.application.port.out.UnitOfWork;

import java.sql.SQLException;
import java.util.function.Supplier;

/**
 * The {@link UnitOfWork} over PostgreSQL: binds one connection with an open transaction to the thread
 * for the work, through the {@link TransactionalDataSource} every Postgres adapter is built on.
 * Nested units join the outer one, which alone commits.
 */
public final class PostgresUnitOfWork implements UnitOfWork {
    private final TransactionalDataSource dataSource;

    public PostgresUnitOfWork(TransactionalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public <T> T inTransaction(Supplier<T> work) {
        TransactionalDataSource.Unit unit;
        try {
            unit = dataSource.begin();
        } catch (SQLException e) {
            throw new PersistenceException("could not start a transaction", e);
        }
        if (unit == null) {
            return work.get();
        }
        T result;
        try {
            result = work.get();
        } catch (RuntimeException | Error e) {
            try {
                dataSource.end(unit, false);
            } catch (SQLException rollbackFailed) {
                e.addSuppressed(rollbackFailed);
            }
            throw e;
        }
        boolean committed = !unit.rollbackOnly;
        try {
            dataSource.end(unit, true);
        } catch (SQLException e) {
            throw new PersistenceException("could not commit the transaction", e);
        }
        if (!committed) {
            // a participant rolled back but swallowed its failure: the caller must not think it was saved
            throw new IllegalStateException("the transaction was rolled back by one of its participants");
        }
        return result;
    }
}

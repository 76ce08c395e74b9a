package dev.moeserve.application.port.out;

import java.util.function.Supplier;

/**
 * Outbound port: runs work so that everything the persistence ports do inside it happens in one
 * database transaction, committed when the work returns and rolled back when it throws. An admin
 * change and its audit row are written this way, so neither exists without the other.
 */
public interface UnitOfWork {
    <T> T inTransaction(Supplier<T> work);
}

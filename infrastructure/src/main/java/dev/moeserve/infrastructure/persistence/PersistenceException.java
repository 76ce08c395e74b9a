package dev.moeserve.infrastructure.persistence;

/** A database operation failed; carries what was being done. */
public final class PersistenceException extends RuntimeException {
    public PersistenceException(String message, Throwable cause) {
        super(message + ": " + cause.getMessage(), cause);
    }
}

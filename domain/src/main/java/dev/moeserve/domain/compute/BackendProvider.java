package dev.moeserve.domain.compute;

/**
 * How one kind of hardware is found and opened. Each backend adapter provides one; configuration
 * picks which serves, and {@link #probe()} says, with the cause, when it cannot.
 */
public interface BackendProvider {

    /** The id used in configuration ({@code moeserve.backend}): {@code cpu}, {@code cuda}, {@code ascend}. */
    String name();

    /** Whether this backend can run here, without opening it. */
    BackendAvailability probe();

    /**
     * Opens the backend.
     *
     * @param threads host threads it may use; 0 means all available processors
     * @throws IllegalStateException when {@link #probe()} says it is unavailable
     */
    ComputeBackend open(int threads);
}

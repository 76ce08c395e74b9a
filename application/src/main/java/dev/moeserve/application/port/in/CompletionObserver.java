package dev.moeserve.application.port.in;

import java.time.Instant;

/**
 * Follows one completion as it runs (streaming). Called on the generating thread: implementations
 * hand text on quickly and never block on the client.
 */
public interface CompletionObserver {

    /** Observes nothing and never cancels. */
    CompletionObserver NONE = new CompletionObserver() {
    };

    /** The request was admitted and paid for; generation starts now. */
    default void started(String requestId, Instant created) {
    }

    /** The next piece of generated text: whole characters, never part of a stop sequence. */
    default void text(String delta) {
    }

    /** Checked before every decode step: true once the client has gone away. */
    default boolean cancelled() {
        return false;
    }
}

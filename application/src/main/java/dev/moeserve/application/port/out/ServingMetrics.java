package dev.moeserve.application.port.out;

import dev.moeserve.domain.usage.TokenCounts;

import java.time.Duration;
import java.util.Optional;
import java.util.function.IntSupplier;

/** Outbound port: operational metrics of serving, per model and backend. */
public interface ServingMetrics {

    /** Records nothing. */
    ServingMetrics NONE = new ServingMetrics() {
    };

    /** A model's engine started; its queue depth and running sequences can be read from now on. */
    default void engineStarted(String model, String backend, IntSupplier queueDepth, IntSupplier activeSequences) {
    }

    /** A request finished (completed or cancelled) with these tokens; time to its first token if it produced one. */
    default void completed(String model, String backend, TokenCounts tokens, Optional<Duration> timeToFirstToken) {
    }
}

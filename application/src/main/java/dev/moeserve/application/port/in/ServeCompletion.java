package dev.moeserve.application.port.in;

/** Inbound port: run one completion for a caller and meter it. */
public interface ServeCompletion {

    /**
     * Runs the completion, telling {@code observer} as it goes; returns once it is metered.
     *
     * @throws dev.moeserve.application.error.ApplicationException when refused before it starts
     */
    CompletionResult serve(CompletionCommand command, CompletionObserver observer);

    default CompletionResult serve(CompletionCommand command) {
        return serve(command, CompletionObserver.NONE);
    }
}

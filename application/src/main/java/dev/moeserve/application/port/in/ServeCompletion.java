package dev.moeserve.application.port.in;

/** Inbound port: run one chat completion for a caller and meter it. */
public interface ServeCompletion {
    CompletionResult serve(CompletionCommand command);
}

package dev.moeserve.application.port.in;

import dev.moeserve.application.error.ApplicationException;
import dev.moeserve.domain.tenancy.Caller;

import java.util.List;
import java.util.Objects;

/**
 * A completion request, validated on construction. Out-of-range values are refused the way the
 * DeepSeek API refuses them (422); missing or malformed ones are 400.
 *
 * @param maxTokens   upper bound on generated tokens; null means "as many as the context allows"
 * @param temperature 0 means greedy decoding
 * @param seed        fixes sampling when temperature > 0; null draws a random seed
 * @param stop        up to {@value #MAX_STOP_SEQUENCES} strings that end generation (not included in the output)
 * @param ignoreEos   keep generating past the end-of-sequence token (vLLM's extension, for benchmarks)
 */
public record CompletionCommand(
        Caller caller,
        String model,
        Prompt prompt,
        Integer maxTokens,
        double temperature,
        double topP,
        Long seed,
        List<String> stop,
        boolean ignoreEos) {

    public static final int MAX_STOP_SEQUENCES = 4;

    public CompletionCommand {
        Objects.requireNonNull(caller, "caller");
        if (model == null || model.isBlank()) {
            throw ApplicationException.invalidRequest("missing_required_parameter", "you must provide a model parameter");
        }
        Objects.requireNonNull(prompt, "prompt");
        if (maxTokens != null && maxTokens < 1) {
            throw ApplicationException.invalidParameter("max_tokens must be at least 1, got " + maxTokens + ".");
        }
        if (!(temperature >= 0 && temperature <= 2)) {
            throw ApplicationException.invalidParameter("temperature must be in [0, 2], got " + temperature + ".");
        }
        if (!(topP > 0 && topP <= 1)) {
            throw ApplicationException.invalidParameter("top_p must be in (0, 1], got " + topP + ".");
        }
        stop = stop == null ? List.of() : List.copyOf(stop);
        if (stop.size() > MAX_STOP_SEQUENCES) {
            throw ApplicationException.invalidParameter("stop may hold at most " + MAX_STOP_SEQUENCES
                    + " sequences, got " + stop.size() + ".");
        }
        if (stop.stream().anyMatch(String::isEmpty)) {
            throw ApplicationException.invalidParameter("stop sequences must not be empty strings.");
        }
    }

    /** A chat completion without stop sequences (tests and simple callers). */
    public static CompletionCommand chat(Caller caller, String model, List<ChatMessage> messages, Integer maxTokens,
                                         double temperature, double topP, Long seed) {
        return new CompletionCommand(caller, model, new Prompt.Chat(messages), maxTokens, temperature, topP, seed, List.of(), false);
    }
}

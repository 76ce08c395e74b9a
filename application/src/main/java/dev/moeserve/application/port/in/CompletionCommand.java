package dev.moeserve.application.port.in;

import dev.moeserve.application.error.ApplicationException;
import dev.moeserve.domain.tenancy.Caller;

import java.util.List;
import java.util.Objects;

/**
 * A chat completion request, validated on construction.
 *
 * @param maxTokens   upper bound on generated tokens; null means "as many as the context allows"
 * @param temperature 0 means greedy decoding
 * @param seed        fixes sampling when temperature > 0; null draws a random seed
 */
public record CompletionCommand(
        Caller caller,
        String model,
        List<ChatMessage> messages,
        Integer maxTokens,
        double temperature,
        double topP,
        Long seed) {

    public CompletionCommand {
        Objects.requireNonNull(caller, "caller");
        if (model == null || model.isBlank()) {
            throw ApplicationException.invalidRequest("missing_required_parameter", "you must provide a model parameter");
        }
        if (messages == null || messages.isEmpty()) {
            throw ApplicationException.invalidRequest("missing_required_parameter",
                    "Missing required parameter: 'messages' (a non-empty array of {role, content}).");
        }
        messages = List.copyOf(messages);
        if (maxTokens != null && maxTokens < 1) {
            throw ApplicationException.invalidRequest("invalid_value", "max_tokens must be at least 1, got " + maxTokens + ".");
        }
        if (!(temperature >= 0 && temperature <= 2)) {
            throw ApplicationException.invalidRequest("invalid_value", "temperature must be in [0, 2], got " + temperature + ".");
        }
        if (!(topP > 0 && topP <= 1)) {
            throw ApplicationException.invalidRequest("invalid_value", "top_p must be in (0, 1], got " + topP + ".");
        }
    }
}

package dev.moeserve.application.port.in;

import dev.moeserve.application.error.ApplicationException;

import java.util.List;
import java.util.Optional;

/** What the model continues: a chat conversation, or raw text (optionally with a suffix to fill in). */
public sealed interface Prompt {

    /** A conversation, formatted by the model's chat template. */
    record Chat(List<ChatMessage> messages) implements Prompt {
        public Chat {
            if (messages == null || messages.isEmpty()) {
                throw ApplicationException.invalidRequest("missing_required_parameter",
                        "Missing required parameter: 'messages' (a non-empty array of {role, content}).");
            }
            messages = List.copyOf(messages);
        }
    }

    /** Raw text for {@code /v1/completions}; with a suffix, the model fills in the middle. */
    record Text(String prompt, Optional<String> suffix) implements Prompt {
        public Text {
            if (prompt == null) {
                throw ApplicationException.invalidRequest("missing_required_parameter",
                        "Missing required parameter: 'prompt' (a string).");
            }
            suffix = suffix.filter(s -> !s.isEmpty());
        }
    }
}

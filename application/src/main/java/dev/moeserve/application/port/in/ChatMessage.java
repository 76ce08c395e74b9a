package dev.moeserve.application.port.in;

import dev.moeserve.application.error.ApplicationException;

import java.util.Set;

/** One message of a chat conversation, as the OpenAI chat API names it. */
public record ChatMessage(String role, String content) {
    private static final Set<String> ROLES = Set.of("system", "user", "assistant", "developer", "tool");

    public ChatMessage {
        if (role == null || !ROLES.contains(role)) {
            throw ApplicationException.invalidRequest("invalid_value",
                    "Invalid value for 'role': " + role + ". Supported values are " + ROLES.stream().sorted().toList() + ".");
        }
        if (content == null) {
            throw ApplicationException.invalidRequest("invalid_value", "Each message needs a 'content' string.");
        }
    }
}

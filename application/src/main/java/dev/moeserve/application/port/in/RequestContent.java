package dev.moeserve.application.port.in;

import dev.moeserve.domain.tenancy.TenantId;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What one request asked and what it answered, kept only for tenants that retain request content and
 * only until {@code purgeAfter}. Keyed by the request's ledger id, but no part of the ledger or its hash
 * chain, so purging it leaves the metering record intact.
 *
 * @param messages the conversation as sent, for chat completions; empty for text completions
 * @param prompt   the prompt as the model saw it: the rendered chat template, or the text (with its fill-in-the-middle tokens)
 */
public record RequestContent(String requestId, TenantId tenantId, String model, Optional<List<ChatMessage>> messages,
                             String prompt, String completion, Instant createdAt, Instant purgeAfter) {
    public RequestContent {
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(model, "model");
        messages = messages.map(List::copyOf);
        Objects.requireNonNull(prompt, "prompt");
        Objects.requireNonNull(completion, "completion");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(purgeAfter, "purgeAfter");
    }
}

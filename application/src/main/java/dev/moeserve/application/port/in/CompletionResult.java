package dev.moeserve.application.port.in;

import dev.moeserve.domain.usage.TokenCounts;
import dev.moeserve.domain.usage.UsageStatus;

import java.time.Instant;

/** The answer to a {@link CompletionCommand}, already metered in the usage ledger. */
public record CompletionResult(
        String requestId,
        String model,
        String text,
        FinishReason finishReason,
        TokenCounts usage,
        UsageStatus status,
        Instant created) {
}

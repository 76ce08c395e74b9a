package dev.moeserve.application.engine;

import dev.moeserve.application.port.in.FinishReason;
import dev.moeserve.domain.usage.UsageStatus;

/**
 * What a finished sequence produced: its text, how many tokens, why it stopped, and how many prompt
 * tokens came from the prefix cache instead of being computed.
 */
public record SequenceResult(String text, int tokens, FinishReason finishReason, UsageStatus status, int cachedPromptTokens) {
}

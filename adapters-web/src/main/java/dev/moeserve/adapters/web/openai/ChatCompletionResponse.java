package dev.moeserve.adapters.web.openai;

import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;

import java.util.List;

/** A {@code chat.completion} object as the OpenAI and DeepSeek APIs return it. */
@Serdeable(naming = SnakeCaseStrategy.class)
record ChatCompletionResponse(
        String id,
        String object,
        long created,
        String model,
        String systemFingerprint,
        List<Choice> choices,
        WireUsage usage) {

    @Serdeable(naming = SnakeCaseStrategy.class)
    record Choice(int index, AssistantMessage message, String finishReason) {
    }

    @Serdeable
    record AssistantMessage(String role, String content) {
    }
}

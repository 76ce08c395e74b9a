package dev.moeserve.adapters.web.openai;

import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;

import java.util.List;

/** The body of {@code POST /v1/chat/completions}; unknown fields are ignored, as OpenAI clients expect. */
@Serdeable(naming = SnakeCaseStrategy.class)
record ChatCompletionRequest(
        String model,
        List<WireMessage> messages,
        Integer maxTokens,
        Integer maxCompletionTokens,
        Double temperature,
        Double topP,
        Long seed,
        Object stop,
        Boolean stream,
        StreamOptions streamOptions,
        Integer n,
        String user,
        Boolean ignoreEos) {

    /** One message; {@code content} is a string or an array of content parts (text parts are joined). */
    @Serdeable
    record WireMessage(String role, Object content) {
    }

    @Serdeable(naming = SnakeCaseStrategy.class)
    record StreamOptions(Boolean includeUsage) {
    }
}

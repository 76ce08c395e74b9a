package dev.moeserve.adapters.web.openai;

import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;

/** The body of {@code POST /v1/completions} (raw text, with {@code suffix} for fill-in-the-middle). */
@Serdeable(naming = SnakeCaseStrategy.class)
record TextCompletionRequest(
        String model,
        Object prompt,
        String suffix,
        Integer maxTokens,
        Double temperature,
        Double topP,
        Long seed,
        Object stop,
        Boolean stream,
        ChatCompletionRequest.StreamOptions streamOptions,
        Integer n,
        String user,
        Boolean ignoreEos) {
}

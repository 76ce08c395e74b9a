package dev.moeserve.adapters.web.openai;

import dev.moeserve.application.port.in.FinishReason;
import dev.moeserve.domain.usage.TokenCounts;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;

import java.util.List;

/** A {@code text_completion} object, whole or as a streamed chunk. */
@Serdeable(naming = SnakeCaseStrategy.class)
record TextCompletionResponse(String id, String object, long created, String model, String systemFingerprint,
                              List<Choice> choices, WireUsage usage) {

    @Serdeable(naming = SnakeCaseStrategy.class)
    record Choice(String text, int index, String finishReason) {
    }

    static ChunkFormat format(String model) {
        return new ChunkFormat() {
            @Override
            public Object opening(String id, long created) {
                return null;
            }

            @Override
            public Object text(String id, long created, String delta) {
                return chunk(id, created, delta, null);
            }

            @Override
            public Object finish(String id, long created, FinishReason reason) {
                return chunk(id, created, "", reason.wireName());
            }

            @Override
            public Object usage(String id, long created, TokenCounts usage) {
                return new TextCompletionResponse(id, "text_completion", created, model, "moeserve", List.of(), WireUsage.of(usage));
            }

            private TextCompletionResponse chunk(String id, long created, String text, String finish) {
                return new TextCompletionResponse(id, "text_completion", created, model, "moeserve",
                        List.of(new Choice(text, 0, finish)), null);
            }
        };
    }
}

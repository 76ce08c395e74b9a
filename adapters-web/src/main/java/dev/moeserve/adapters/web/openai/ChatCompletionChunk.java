package dev.moeserve.adapters.web.openai;

import dev.moeserve.application.port.in.FinishReason;
import dev.moeserve.domain.usage.TokenCounts;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;

import java.util.List;

/** A {@code chat.completion.chunk} of a streamed chat completion. */
@Serdeable(naming = SnakeCaseStrategy.class)
record ChatCompletionChunk(String id, String object, long created, String model, String systemFingerprint,
                           List<ChunkChoice> choices, WireUsage usage) {

    @Serdeable(naming = SnakeCaseStrategy.class)
    record ChunkChoice(int index, Delta delta, String finishReason) {
    }

    @Serdeable
    record Delta(String role, String content) {
    }

    /** Chunks for one model's stream. */
    static ChunkFormat format(String model) {
        return new ChunkFormat() {
            @Override
            public Object opening(String id, long created) {
                return chunk(id, created, new Delta("assistant", ""), null);
            }

            @Override
            public Object text(String id, long created, String delta) {
                return chunk(id, created, new Delta(null, delta), null);
            }

            @Override
            public Object finish(String id, long created, FinishReason reason) {
                return chunk(id, created, new Delta(null, null), reason.wireName());
            }

            @Override
            public Object usage(String id, long created, TokenCounts usage) {
                return new ChatCompletionChunk(id, "chat.completion.chunk", created, model, "moeserve", List.of(), WireUsage.of(usage));
            }

            private ChatCompletionChunk chunk(String id, long created, Delta delta, String finish) {
                return new ChatCompletionChunk(id, "chat.completion.chunk", created, model, "moeserve",
                        List.of(new ChunkChoice(0, delta, finish)), null);
            }
        };
    }
}

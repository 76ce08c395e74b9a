package dev.moeserve.adapters.web.openai;

import dev.moeserve.application.port.in.FinishReason;
import dev.moeserve.domain.usage.TokenCounts;

/** How one endpoint shapes its streamed chunks (chat.completion.chunk or text_completion). */
interface ChunkFormat {
    /** The first chunk, before any text (the chat API announces the assistant role here); null for none. */
    Object opening(String id, long created);

    Object text(String id, long created, String delta);

    Object finish(String id, long created, FinishReason reason);

    /** The chunk carrying usage when {@code stream_options.include_usage} is set. */
    Object usage(String id, long created, TokenCounts usage);
}

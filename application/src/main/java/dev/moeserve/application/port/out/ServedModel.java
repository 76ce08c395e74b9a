package dev.moeserve.application.port.out;

import dev.moeserve.domain.model.Transformer;

import java.time.Instant;
import java.util.Objects;

/**
 * A model ready to serve: its public id, the loaded transformer, its tokenizer and the
 * backend it runs on.
 */
public record ServedModel(String id, Transformer transformer, TextCodec codec, String backend, Instant loadedAt) {
    public ServedModel {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(transformer, "transformer");
        Objects.requireNonNull(codec, "codec");
        Objects.requireNonNull(backend, "backend");
        Objects.requireNonNull(loadedAt, "loadedAt");
    }

    /** Tokens of prompt plus completion that one sequence may hold. */
    public int contextLength() {
        return transformer.config().maxPositionEmbeddings();
    }
}

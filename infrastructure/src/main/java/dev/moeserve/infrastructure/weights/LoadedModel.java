package dev.moeserve.infrastructure.weights;

import dev.moeserve.domain.compute.ComputeBackend;
import dev.moeserve.domain.model.InferenceSession;
import dev.moeserve.domain.model.ModelConfig;
import dev.moeserve.domain.model.Transformer;

import java.nio.file.Path;

/**
 * A checkpoint loaded onto a backend: the {@link Transformer} plus the mapped files its weights may still
 * refer to. Closing it frees the weights, then unmaps the files; close every session first.
 */
public final class LoadedModel implements AutoCloseable {
    private final Path directory;
    private final Transformer transformer;
    private final Checkpoint checkpoint;

    LoadedModel(Path directory, Transformer transformer, Checkpoint checkpoint) {
        this.directory = directory;
        this.transformer = transformer;
        this.checkpoint = checkpoint;
    }

    public Path directory() {
        return directory;
    }

    public Transformer transformer() {
        return transformer;
    }

    public ModelConfig config() {
        return transformer.config();
    }

    public ComputeBackend backend() {
        return transformer.backend();
    }

    /** Shortcut for {@code transformer().newSession(maxTokens)}. */
    public InferenceSession newSession(int maxTokens) {
        return transformer.newSession(maxTokens);
    }

    @Override
    public void close() {
        try {
            transformer.close();
        } finally {
            checkpoint.close();
        }
    }
}

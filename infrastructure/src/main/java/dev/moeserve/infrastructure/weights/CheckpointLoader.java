package dev.moeserve.infrastructure.weights;

import dev.moeserve.domain.compute.ComputeBackend;
import dev.moeserve.domain.model.ModelConfig;
import dev.moeserve.domain.model.ModelLoadException;
import dev.moeserve.domain.model.Transformer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Function;

/**
 * Loads a Hugging Face DeepSeek-V2/V3 checkpoint directory ({@code config.json} plus
 * {@code model.safetensors} or sharded {@code model-*.safetensors} with {@code model.safetensors.index.json})
 * onto a compute backend.
 */
public final class CheckpointLoader {
    private CheckpointLoader() {
    }

    /**
     * Loads {@code checkpointDir} onto {@code backend}, drawing a progress bar on the terminal for large
     * checkpoints. The caller owns the result and closes it (the backend stays open).
     *
     * @throws ModelLoadException naming the file, tensor or config.json field at fault
     */
    public static LoadedModel load(Path checkpointDir, ComputeBackend backend) {
        return load(checkpointDir, backend, ConsoleProgressBar::forConsole);
    }

    /**
     * Like {@link #load(Path, ComputeBackend)}, reporting progress to the listener that {@code progress}
     * makes from the stored bytes per shard.
     */
    public static LoadedModel load(Path checkpointDir, ComputeBackend backend,
                                   Function<Map<String, Long>, LoadProgress> progress) {
        Path configJson = checkpointDir.resolve("config.json");
        if (!Files.isRegularFile(configJson)) {
            throw new ModelLoadException("no config.json in " + checkpointDir);
        }
        ModelConfig config = ModelConfigReader.read(configJson);
        Checkpoint checkpoint = Checkpoint.open(checkpointDir, config.quantization());
        try {
            LoadProgress listener = progress.apply(checkpoint.shardBytes());
            checkpoint.reportTo(listener);
            Transformer transformer = Transformer.load(config, checkpoint, backend);
            listener.finished();
            return new LoadedModel(checkpointDir, transformer, checkpoint);
        } catch (RuntimeException e) {
            checkpoint.close();
            throw e;
        }
    }
}

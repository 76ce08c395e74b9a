package dev.moeserve.infrastructure.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * moeserve's own settings (prefix {@code moeserve}); see the README's configuration table.
 *
 * @param home            state folder: embedded database, demo model, keys ({@code MOESERVE_HOME})
 * @param backend         compute backend that should serve: {@code cpu}, {@code cuda} or {@code ascend}
 * @param backendFallback what to do when that backend is unavailable: {@code cpu} or {@code refuse}
 * @param modelId         public id of the served model
 * @param modelPath       checkpoint folder; empty means the demo model under {@code home}
 * @param threads         CPU threads for the CPU backend; 0 means all available processors
 * @param maxBatch        sequences one decode step advances together (continuous batching)
 * @param queueCapacity   requests that may wait for a batch place before new ones get 503
 * @param prefixCacheMib  memory of each model's prefix (context) cache, MiB
 * @param models          several checkpoints to serve, {@code ID=DIR,ID2=DIR2} ({@code serve --model DIR --model-id ID},
 *                        repeatable); empty means the one model of {@code model-id}/{@code model-path}
 */
@ConfigurationProperties("moeserve")
public record MoeserveSettings(
        @Bindable(defaultValue = ".moeserve") Path home,
        @Bindable(defaultValue = "cpu") String backend,
        @Bindable(defaultValue = "cpu") String backendFallback,
        @Bindable(defaultValue = "moeserve-demo") String modelId,
        @Bindable(defaultValue = "") String modelPath,
        @Bindable(defaultValue = "0") int threads,
        @Bindable(defaultValue = "16") int maxBatch,
        @Bindable(defaultValue = "256") int queueCapacity,
        @Bindable(defaultValue = "256") long prefixCacheMib,
        @Bindable(defaultValue = "") String models) {

    /** One model to serve: its public id and checkpoint folder; {@code demo} marks the generated demo model. */
    public record ModelSource(String id, Path dir, boolean demo) {
    }

    /** Every model to serve, in configuration order. */
    public List<ModelSource> servedModels() {
        if (models == null || models.isBlank()) {
            return List.of(new ModelSource(modelId, checkpointDir(), servesDemoModel()));
        }
        List<ModelSource> out = new ArrayList<>();
        for (String entry : models.split(",")) {
            int eq = entry.indexOf('=');
            if (eq <= 0 || eq == entry.length() - 1) {
                throw new IllegalArgumentException("moeserve.models entries are ID=DIR, got '" + entry + "'");
            }
            String id = entry.substring(0, eq).strip();
            if (out.stream().anyMatch(m -> m.id().equals(id))) {
                throw new IllegalArgumentException("moeserve.models names model id '" + id + "' twice");
            }
            out.add(new ModelSource(id, Path.of(entry.substring(eq + 1).strip()), false));
        }
        return out;
    }

    public Path demoModelDir() {
        return home.resolve("models").resolve("demo");
    }

    /** The checkpoint to serve: the configured path, or the demo model. */
    public Path checkpointDir() {
        return modelPath == null || modelPath.isBlank() ? demoModelDir() : Path.of(modelPath);
    }

    public boolean servesDemoModel() {
        return modelPath == null || modelPath.isBlank();
    }
}

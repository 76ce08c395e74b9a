package dev.moeserve.infrastructure.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;

import java.nio.file.Path;

/**
 * moeserve's own settings (prefix {@code moeserve}); see the README's configuration table.
 *
 * @param home            state folder: embedded database, demo model, keys ({@code MOESERVE_HOME})
 * @param backend         compute backend that should serve: {@code cpu}, {@code cuda} or {@code ascend}
 * @param backendFallback what to do when that backend is unavailable: {@code cpu} or {@code refuse}
 * @param modelId         public id of the served model
 * @param modelPath       checkpoint folder; empty means the demo model under {@code home}
 * @param threads         CPU threads for the CPU backend; 0 means all available processors
 */
@ConfigurationProperties("moeserve")
public record MoeserveSettings(
        @Bindable(defaultValue = ".moeserve") Path home,
        @Bindable(defaultValue = "cpu") String backend,
        @Bindable(defaultValue = "cpu") String backendFallback,
        @Bindable(defaultValue = "moeserve-demo") String modelId,
        @Bindable(defaultValue = "") String modelPath,
        @Bindable(defaultValue = "0") int threads) {

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

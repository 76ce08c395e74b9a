package dev.moeserve.infrastructure.wiring;

import dev.moeserve.adapters.ascend.AscendBackendProvider;
import dev.moeserve.adapters.cpu.CpuBackendProvider;
import dev.moeserve.adapters.cuda.CudaBackendProvider;
import dev.moeserve.application.port.out.ModelCatalog;
import dev.moeserve.application.port.out.ServedModel;
import dev.moeserve.domain.compute.ComputeBackend;
import dev.moeserve.infrastructure.backend.BackendSelection;
import dev.moeserve.infrastructure.bootstrap.DemoModelInstaller;
import dev.moeserve.infrastructure.config.MoeserveSettings;
import dev.moeserve.infrastructure.tokenizer.HuggingFaceTextCodec;
import dev.moeserve.infrastructure.weights.CheckpointLoader;
import dev.moeserve.infrastructure.weights.LoadedModel;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/** Chooses the compute backend and loads the served model onto it at startup (not on the first request). */
@Factory
final class ModelFactory {
    private static final Logger LOG = LoggerFactory.getLogger("moeserve");

    @Singleton
    @Bean(preDestroy = "close")
    ComputeBackend computeBackend(MoeserveSettings settings) {
        BackendSelection.Choice choice = BackendSelection.choose(settings.backend(), settings.backendFallback(),
                List.of(new CpuBackendProvider(), new CudaBackendProvider(), new AscendBackendProvider()));
        if (choice.fellBack()) {
            LOG.warn("{}; falling back to the CPU backend (moeserve.backend-fallback=cpu)", choice.fallbackReason());
        }
        return choice.provider().open(settings.threads());
    }

    @Context
    @Bean(preDestroy = "close")
    LoadedModels modelCatalog(MoeserveSettings settings, ComputeBackend backend, Clock clock) {
        List<ServedModel> served = new ArrayList<>();
        List<AutoCloseable> owned = new ArrayList<>();
        for (MoeserveSettings.ModelSource source : settings.servedModels()) {
            Path dir = source.dir();
            if (source.demo() && DemoModelInstaller.ensure(dir)) {
                LOG.info("created the demo model in {}", dir);
            }
            LoadedModel model = CheckpointLoader.load(dir, backend);
            owned.add(model);
            ModelWarmUp.Report warm = ModelWarmUp.run(model.transformer());
            LOG.info("model {} warmed up in {} ms ({} prompt tokens, {} decode steps)",
                    source.id(), warm.nanos() / 1_000_000, warm.prefillTokens(), warm.decodeSteps());
            HuggingFaceTextCodec codec = HuggingFaceTextCodec.load(dir);
            owned.add(codec);
            served.add(new ServedModel(source.id(), model.transformer(), codec, backend.info().name(), clock.instant()));
        }
        return new LoadedModels(List.copyOf(served), List.copyOf(owned));
    }

    /** The catalog owns what it loaded and releases it at shutdown. */
    record LoadedModels(List<ServedModel> served, List<AutoCloseable> owned) implements ModelCatalog, AutoCloseable {

        @Override
        public java.util.Optional<ServedModel> find(String id) {
            return served.stream().filter(m -> m.id().equals(id)).findFirst();
        }

        @Override
        public List<ServedModel> all() {
            return served;
        }

        @Override
        public void close() throws Exception {
            for (AutoCloseable resource : owned) {
                resource.close();
            }
        }
    }
}

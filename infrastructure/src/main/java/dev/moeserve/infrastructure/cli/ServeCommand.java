package dev.moeserve.infrastructure.cli;

import dev.moeserve.application.port.out.ModelCatalog;
import dev.moeserve.domain.compute.BackendInfo;
import dev.moeserve.domain.compute.ComputeBackend;
import dev.moeserve.infrastructure.bootstrap.DemoProvisioning;
import dev.moeserve.infrastructure.config.MoeserveSettings;
import dev.moeserve.infrastructure.db.DatabaseLocation;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.Micronaut;
import io.micronaut.runtime.server.EmbeddedServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/**
 * {@code ./moeserve serve}: PostgreSQL (embedded unless {@code DATASOURCES_DEFAULT_URL} is set),
 * Flyway, the model, the demo tenant and admin token on first start, then the HTTP API.
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Start the HTTP API (embedded PostgreSQL, CPU backend and demo model unless configured otherwise).")
final class ServeCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger("moeserve");

    @Option(names = "--model", paramLabel = "DIR", description = "a Hugging Face checkpoint folder to serve (repeatable; default: the demo model)")
    List<Path> models = new ArrayList<>();

    @Option(names = "--model-id", paramLabel = "ID", description = "public id of the --model at the same position (default: the folder's name)")
    List<String> modelIds = new ArrayList<>();

    /** {@code --model}/{@code --model-id} pairs as the {@code moeserve.models} setting; none leaves configuration alone. */
    private Map<String, Object> modelProperties() {
        if (models.isEmpty()) {
            if (!modelIds.isEmpty()) {
                throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this), "--model-id needs a --model");
            }
            return Map.of();
        }
        if (modelIds.size() > models.size()) {
            throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this), "more --model-id than --model options");
        }
        List<String> entries = new ArrayList<>();
        for (int i = 0; i < models.size(); i++) {
            Path dir = models.get(i).toAbsolutePath().normalize();
            String id = i < modelIds.size() ? modelIds.get(i) : dir.getFileName().toString();
            entries.add(id + "=" + dir);
        }
        return Map.of("moeserve.models", String.join(",", entries));
    }

    @Override
    public Integer call() throws InterruptedException {
        StateHome home = StateHome.fromEnvironment();
        Map<String, Object> modelProperties = modelProperties();
        DatabaseLocation database = DatabaseLocation.resolve(home.path());
        ApplicationContext context = Micronaut.build(new String[0])
                .mainClass(MoeserveCli.class)
                .banner(false)
                .properties(home.asProperties())
                .properties(database.micronautProperties())
                .properties(modelProperties)
                .start();
        CountDownLatch stopped = new CountDownLatch(1);
        // Micronaut's own shutdown hook stops the context; closing it here as well deadlocks the two hooks,
        // so this one only waits for the context to stop and then closes the database under it
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
            while (context.isRunning() && System.nanoTime() < deadline) {
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            database.close();
            stopped.countDown();
        }, "moeserve-shutdown"));

        MoeserveSettings settings = context.getBean(MoeserveSettings.class);
        DemoProvisioning.Provisioned provisioned = context.getBean(DemoProvisioning.class).provision(settings.home(),
                settings.servedModels().stream().filter(MoeserveSettings.ModelSource::demo).map(MoeserveSettings.ModelSource::id).findFirst());
        provisioned.demoApiKey().ifPresent(key -> {
            System.out.println();
            System.out.println("  Demo API key (shown once; also in " + settings.home().resolve("demo-api-key") + "):");
            System.out.println("  " + key);
            System.out.println();
        });
        dev.moeserve.infrastructure.audit.AuditSigningKey.loadOrCreate(settings.home());
        provisioned.adminToken().ifPresent(token ->
                LOG.info("admin token written to {}", settings.home().resolve("admin-token")));

        BackendInfo backend = context.getBean(ComputeBackend.class).info();
        LOG.info("backend: {} ({})", backend.name(), backend.device());
        context.getBean(ModelCatalog.class).all().forEach(model -> LOG.info("model: {} ({}, {} layers, {} tokens of context)",
                model.id(), model.transformer().config().architecture(),
                model.transformer().config().numHiddenLayers(), model.contextLength()));
        LOG.info("database: {}", database.describe());
        EmbeddedServer server = context.getBean(EmbeddedServer.class);
        LOG.info("listening on http://{}:{}/v1", server.getHost(), server.getPort());
        stopped.await();
        return 0;
    }
}

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

    @Override
    public Integer call() throws InterruptedException {
        StateHome home = StateHome.fromEnvironment();
        DatabaseLocation database = DatabaseLocation.resolve(home.path());
        ApplicationContext context = Micronaut.build(new String[0])
                .mainClass(MoeserveCli.class)
                .banner(false)
                .properties(home.asProperties())
                .properties(database.micronautProperties())
                .start();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            context.close();
            database.close();
            stopped.countDown();
        }, "moeserve-shutdown"));

        MoeserveSettings settings = context.getBean(MoeserveSettings.class);
        DemoProvisioning.Provisioned provisioned = context.getBean(DemoProvisioning.class).provision(settings.home(),
                settings.servesDemoModel() ? java.util.Optional.of(settings.modelId()) : java.util.Optional.empty());
        provisioned.demoApiKey().ifPresent(key -> {
            System.out.println();
            System.out.println("  Demo API key (shown once; also in " + settings.home().resolve("demo-api-key") + "):");
            System.out.println("  " + key);
            System.out.println();
        });
        provisioned.adminToken().ifPresent(token ->
                LOG.info("admin token written to {}", settings.home().resolve("admin-token")));

        BackendInfo backend = context.getBean(ComputeBackend.class).info();
        LOG.info("backend: {} ({})", backend.name(), backend.device());
        context.getBean(ModelCatalog.class).all().forEach(model -> LOG.info("model: {} from {} ({}, {} layers, {} tokens of context)",
                model.id(), settings.checkpointDir(), model.transformer().config().architecture(),
                model.transformer().config().numHiddenLayers(), model.contextLength()));
        LOG.info("database: {}", database.describe());
        EmbeddedServer server = context.getBean(EmbeddedServer.class);
        LOG.info("listening on http://{}:{}/v1", server.getHost(), server.getPort());
        stopped.await();
        return 0;
    }
}

package dev.moeserve.infrastructure.wiring;

import dev.moeserve.application.catalog.ModelListing;
import dev.moeserve.application.completion.CompletionService;
import dev.moeserve.application.engine.EngineSettings;
import dev.moeserve.infrastructure.config.MoeserveSettings;
import dev.moeserve.infrastructure.metrics.PrometheusServingMetrics;
import dev.moeserve.application.port.in.AuthenticateCaller;
import dev.moeserve.application.port.in.ListModels;
import dev.moeserve.application.port.in.QueryUsage;
import dev.moeserve.application.port.in.ServeCompletion;
import dev.moeserve.application.port.in.PurgeExpiredContent;
import dev.moeserve.application.port.out.ModelCatalog;
import dev.moeserve.application.port.out.RequestContentStore;
import dev.moeserve.application.port.out.UsageLedger;
import dev.moeserve.application.tenancy.ApiKeyAuthenticator;
import dev.moeserve.application.tenancy.TenantOnboarding;
import dev.moeserve.application.retention.RequestContentPurge;
import dev.moeserve.application.usage.UsageQueryService;
import dev.moeserve.infrastructure.bootstrap.DemoProvisioning;
import dev.moeserve.application.port.in.QueryBalance;
import dev.moeserve.application.tenancy.TenantAdmission;
import dev.moeserve.infrastructure.persistence.PostgresAdminAuditLog;
import dev.moeserve.infrastructure.persistence.PostgresAdminCredentials;
import dev.moeserve.infrastructure.persistence.PostgresCreditAccounts;
import dev.moeserve.infrastructure.persistence.PostgresPriceBook;
import dev.moeserve.infrastructure.persistence.PostgresRequestContentStore;
import dev.moeserve.infrastructure.persistence.PostgresTenantDirectory;
import dev.moeserve.infrastructure.persistence.PostgresUnitOfWork;
import dev.moeserve.infrastructure.persistence.PostgresUsageLedger;
import dev.moeserve.infrastructure.persistence.TransactionalDataSource;
import dev.moeserve.infrastructure.retention.ContentPurgeSchedule;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;

import javax.sql.DataSource;
import java.time.Clock;
import java.time.Duration;

/** Builds the application core by hand: the domain and application carry no framework annotations. */
@Factory
final class CoreFactory {

    @Singleton
    Clock clock() {
        return Clock.systemUTC();
    }

    /**
     * The DataSource every Postgres adapter is built on, so each joins a {@link PostgresUnitOfWork}
     * unchanged. Exposed only under its own type: Flyway and everything else asking for a plain
     * DataSource keep the pool itself.
     */
    @Singleton
    @Bean(typed = TransactionalDataSource.class)
    TransactionalDataSource transactionalDataSource(DataSource dataSource) {
        return new TransactionalDataSource(dataSource);
    }

    @Singleton
    PostgresUnitOfWork unitOfWork(TransactionalDataSource dataSource) {
        return new PostgresUnitOfWork(dataSource);
    }

    @Singleton
    PostgresAdminAuditLog adminAuditLog(TransactionalDataSource dataSource) {
        return new PostgresAdminAuditLog(dataSource);
    }

    @Singleton
    PostgresUsageLedger usageLedger(TransactionalDataSource dataSource) {
        return new PostgresUsageLedger(dataSource);
    }

    @Singleton
    PostgresTenantDirectory tenantDirectory(TransactionalDataSource dataSource) {
        return new PostgresTenantDirectory(dataSource);
    }

    @Singleton
    PostgresAdminCredentials adminCredentials(TransactionalDataSource dataSource) {
        return new PostgresAdminCredentials(dataSource);
    }

    @Singleton
    AuthenticateCaller authenticateCaller(PostgresTenantDirectory directory) {
        return new ApiKeyAuthenticator(directory);
    }

    @Singleton
    TenantOnboarding tenantOnboarding(PostgresTenantDirectory directory) {
        return new TenantOnboarding(directory);
    }

    @Singleton
    DemoProvisioning demoProvisioning(PostgresTenantDirectory directory, TenantOnboarding onboarding,
                                      PostgresAdminCredentials admins, PostgresPriceBook priceBook,
                                      PostgresCreditAccounts credits, Clock clock) {
        return new DemoProvisioning(directory, onboarding, admins, priceBook, credits, clock);
    }

    @Singleton
    PostgresPriceBook priceBook(TransactionalDataSource dataSource) {
        return new PostgresPriceBook(dataSource);
    }

    @Singleton
    PostgresCreditAccounts creditAccounts(TransactionalDataSource dataSource) {
        return new PostgresCreditAccounts(dataSource);
    }

    @Singleton
    TenantAdmission tenantAdmission(Clock clock) {
        return new TenantAdmission(clock);
    }

    @Singleton
    QueryBalance queryBalance(PostgresCreditAccounts credits) {
        return credits::balances;
    }

    @Singleton
    @Bean(preDestroy = "close")
    CompletionService serveCompletion(ModelCatalog models, UsageLedger ledger, PostgresTenantDirectory tenants,
                                      TenantAdmission admission, PostgresPriceBook priceBook,
                                      PostgresCreditAccounts credits, Clock clock, MoeserveSettings settings,
                                      PrometheusServingMetrics metrics, RequestContentStore contents,
                                      PostgresUnitOfWork unitOfWork) {
        return new CompletionService(models, ledger, tenants, admission, priceBook, credits, clock,
                new EngineSettings(settings.maxBatch(), settings.queueCapacity(), settings.prefixCacheMib() << 20), metrics,
                contents, unitOfWork);
    }

    @Singleton
    PostgresRequestContentStore requestContentStore(TransactionalDataSource dataSource) {
        return new PostgresRequestContentStore(dataSource);
    }

    @Singleton
    PurgeExpiredContent purgeExpiredContent(RequestContentStore contents) {
        return new RequestContentPurge(contents);
    }

    /** Purges expired request content at start and then every {@code moeserve.content-purge-interval} (default 1h). */
    @Context
    @Bean(preDestroy = "close")
    ContentPurgeSchedule contentPurgeSchedule(PurgeExpiredContent purge, Clock clock,
                                              @Value("${moeserve.content-purge-interval:1h}") Duration interval) {
        return ContentPurgeSchedule.start(purge, clock, interval);
    }

    @Singleton
    PrometheusServingMetrics servingMetrics() {
        return new PrometheusServingMetrics();
    }

    @Singleton
    QueryUsage queryUsage(UsageLedger ledger) {
        return new UsageQueryService(ledger);
    }

    @Singleton
    ListModels listModels(ModelCatalog catalog) {
        return new ModelListing(catalog);
    }
}

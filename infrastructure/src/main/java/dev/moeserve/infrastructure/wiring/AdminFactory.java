package dev.moeserve.infrastructure.wiring;

import dev.moeserve.application.admin.AuditTrailQueries;
import dev.moeserve.application.admin.OperatorAuthenticator;
import dev.moeserve.application.admin.PromotionPlanning;
import dev.moeserve.application.admin.PricingAdministration;
import dev.moeserve.application.admin.RequestContentReview;
import dev.moeserve.application.admin.TenantAdministration;
import dev.moeserve.application.admin.UsageReporting;
import dev.moeserve.application.port.in.AuthenticateOperator;
import dev.moeserve.application.port.in.ManagePricing;
import dev.moeserve.application.port.in.ManageTenants;
import dev.moeserve.application.port.in.PlanPromotions;
import dev.moeserve.application.port.in.QueryAuditTrail;
import dev.moeserve.application.port.in.QueryUsageReports;
import dev.moeserve.application.port.in.ReviewRequestContent;
import dev.moeserve.application.port.out.AdminAuditLog;
import dev.moeserve.application.port.out.CreditAccounts;
import dev.moeserve.application.port.out.ModelCatalog;
import dev.moeserve.application.port.out.OperatorDirectory;
import dev.moeserve.application.port.out.PriceBook;
import dev.moeserve.application.port.out.RequestContentStore;
import dev.moeserve.application.port.out.TenantDirectory;
import dev.moeserve.application.port.out.UnitOfWork;
import dev.moeserve.application.port.out.UsageLedger;
import dev.moeserve.application.port.out.UsageReports;
import dev.moeserve.infrastructure.audit.AuditSigningKey;
import dev.moeserve.infrastructure.audit.PostgresAuditArchive;
import dev.moeserve.infrastructure.config.MoeserveSettings;
import dev.moeserve.infrastructure.persistence.PostgresUsageReports;
import dev.moeserve.infrastructure.persistence.TransactionalDataSource;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;

import java.time.Clock;

/** Builds the admin API's use cases by hand over the persistence ports that {@link CoreFactory} provides. */
@Factory
final class AdminFactory {

    @Singleton
    PostgresUsageReports usageReports(TransactionalDataSource dataSource) {
        return new PostgresUsageReports(dataSource);
    }

    @Singleton
    AuthenticateOperator authenticateOperator(OperatorDirectory operators) {
        return new OperatorAuthenticator(operators);
    }

    @Singleton
    ManageTenants manageTenants(TenantDirectory directory, CreditAccounts credits, UnitOfWork unitOfWork,
                                AdminAuditLog auditLog, Clock clock) {
        return new TenantAdministration(directory, credits, unitOfWork, auditLog, clock);
    }

    @Singleton
    ManagePricing managePricing(PriceBook priceBook, TenantDirectory directory, ModelCatalog models, Clock clock,
                                UnitOfWork unitOfWork, AdminAuditLog auditLog) {
        return new PricingAdministration(priceBook, directory, models, clock, unitOfWork, auditLog);
    }

    @Singleton
    ReviewRequestContent reviewRequestContent(RequestContentStore contents, TenantDirectory directory, Clock clock) {
        return new RequestContentReview(contents, directory, clock);
    }

    @Singleton
    QueryUsageReports queryUsageReports(UsageLedger ledger, UsageReports reports, TenantDirectory directory) {
        return new UsageReporting(ledger, reports, directory);
    }

    @Singleton
    PlanPromotions planPromotions(PriceBook priceBook, TenantDirectory directory, UsageReports reports, Clock clock) {
        return new PromotionPlanning(priceBook, directory, reports, clock);
    }

    @Singleton
    QueryAuditTrail queryAuditTrail(TransactionalDataSource dataSource, TenantDirectory directory, Clock clock,
                                    MoeserveSettings settings) {
        // the key is read (or made) on first use: the same key under MOESERVE_HOME that `audit export` signs with
        PostgresAuditArchive archive = new PostgresAuditArchive(dataSource,
                () -> AuditSigningKey.loadOrCreate(settings.home()).getPrivate());
        return new AuditTrailQueries(archive, directory, clock);
    }
}

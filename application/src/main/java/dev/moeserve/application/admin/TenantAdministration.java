package dev.moeserve.application.admin;

import dev.moeserve.application.error.ApplicationException;
import dev.moeserve.application.port.in.ContentRetentionCommand;
import dev.moeserve.application.port.in.CreditCommand;
import dev.moeserve.application.port.in.IssuedApiKey;
import dev.moeserve.application.port.in.KeyLabel;
import dev.moeserve.application.port.in.LimitsCommand;
import dev.moeserve.application.port.in.ManageTenants;
import dev.moeserve.application.port.in.NewTenantCommand;
import dev.moeserve.application.port.in.PlanCommand;
import dev.moeserve.application.port.in.TenantAccount;
import dev.moeserve.application.port.out.AdminAuditLog;
import dev.moeserve.application.port.out.CreditAccounts;
import dev.moeserve.application.port.out.TenantDirectory;
import dev.moeserve.application.port.out.UnitOfWork;
import dev.moeserve.domain.operator.Operator;
import dev.moeserve.domain.tenancy.ApiKeyId;
import dev.moeserve.domain.tenancy.ApiKeyRecord;
import dev.moeserve.domain.tenancy.ApiKeySecret;
import dev.moeserve.domain.tenancy.CreditBalance;
import dev.moeserve.domain.tenancy.TenantId;
import dev.moeserve.domain.tenancy.TenantProfile;
import dev.moeserve.domain.tenancy.TenantStatus;

import java.time.Clock;
import java.util.List;

/**
 * The tenant side of the admin API: tenants, their keys, limits, plans, credit and content retention. Every change is
 * written to the admin audit log in the same transaction as the change itself.
 */
public final class TenantAdministration implements ManageTenants {
    private final TenantDirectory directory;
    private final CreditAccounts credits;
    private final AuditedChanges audited;
    private final AdminAccess access = new AdminAccess();

    public TenantAdministration(TenantDirectory directory, CreditAccounts credits, UnitOfWork unitOfWork,
                                AdminAuditLog auditLog, Clock clock) {
        this.directory = directory;
        this.credits = credits;
        this.audited = new AuditedChanges(unitOfWork, auditLog, clock);
    }

    @Override
    public TenantAccount createTenant(Operator operator, NewTenantCommand command) {
        access.requireChange(operator);
        return audited.run(operator, "tenant.create", () -> null, () -> {
            if (directory.tenantNamed(command.name()).isPresent()) {
                throw ApplicationException.invalidRequest("tenant_name_taken",
                        "Invalid value for 'name': a tenant named '" + command.name() + "' already exists.");
            }
            TenantId created = directory.createTenant(command.name());
            if (command.contentRetention().stores()) {
                directory.setContentRetention(created, command.contentRetention());
            }
            return account(created);
        }, a -> tenantTarget(a.profile().id()), a -> profileJson(a.profile()));
    }

    @Override
    public TenantPage tenants(Operator operator, int page, int pageSize) {
        access.requireRead(operator);
        AdminAccess.requirePage(page, pageSize, MAX_PAGE_SIZE);
        // one extra row tells whether another page exists without a count query
        List<TenantProfile> profiles = directory.tenants((page - 1) * pageSize, pageSize + 1);
        boolean hasMore = profiles.size() > pageSize;
        List<TenantAccount> accounts = profiles.stream().limit(pageSize)
                .map(p -> new TenantAccount(p, credits.balances(p.id()))).toList();
        return new TenantPage(accounts, page, pageSize, hasMore);
    }

    @Override
    public TenantAccount tenant(Operator operator, TenantId tenant) {
        access.requireRead(operator);
        return account(tenant);
    }

    @Override
    public TenantAccount setStatus(Operator operator, TenantId tenant, TenantStatus status) {
        access.requireChange(operator);
        String action = status == TenantStatus.SUSPENDED ? "tenant.suspend" : "tenant.reactivate";
        return audited.run(operator, action, () -> profileJson(requireTenant(tenant)), () -> {
            if (!directory.setStatus(tenant, status)) {
                throw tenantNotFound(tenant);
            }
            return account(tenant);
        }, a -> tenantTarget(tenant), a -> profileJson(a.profile()));
    }

    @Override
    public TenantAccount setPlan(Operator operator, TenantId tenant, PlanCommand plan) {
        access.requireChange(operator);
        return audited.run(operator, "tenant.plan", () -> profileJson(requireTenant(tenant)), () -> {
            if (!directory.setPlan(tenant, plan.plan())) {
                throw tenantNotFound(tenant);
            }
            return account(tenant);
        }, a -> tenantTarget(tenant), a -> profileJson(a.profile()));
    }

    @Override
    public TenantAccount setLimits(Operator operator, TenantId tenant, LimitsCommand limits) {
        access.requireChange(operator);
        return audited.run(operator, "tenant.limits", () -> profileJson(requireTenant(tenant)), () -> {
            if (!directory.setLimits(tenant, limits.requestsPerMinute(), limits.tokensPerMinute(), limits.maxConcurrent())) {
                throw tenantNotFound(tenant);
            }
            return account(tenant);
        }, a -> tenantTarget(tenant), a -> profileJson(a.profile()));
    }

    @Override
    public TenantAccount setContentRetention(Operator operator, TenantId tenant, ContentRetentionCommand command) {
        access.requireChange(operator);
        return audited.run(operator, "tenant.content_retention", () -> profileJson(requireTenant(tenant)), () -> {
            if (!directory.setContentRetention(tenant, command.retention())) {
                throw tenantNotFound(tenant);
            }
            return account(tenant);
        }, a -> tenantTarget(tenant), a -> profileJson(a.profile()));
    }

    @Override
    public IssuedApiKey issueKey(Operator operator, TenantId tenant, KeyLabel label) {
        access.requireChange(operator);
        // the secret is never audited: only its id, prefix and label
        return audited.run(operator, "key.issue", () -> null, () -> {
            requireTenant(tenant);
            ApiKeySecret secret = ApiKeySecret.generate();
            ApiKeyId id = directory.addKey(tenant, secret.hash(), secret.prefix(), label.text());
            return new IssuedApiKey(id, tenant, secret.text(), secret.prefix(), label.text());
        }, k -> keyTarget(tenant, k.id()), k -> AuditJson.object("id", k.id(), "tenant", tenant, "prefix", k.prefix(),
                "label", k.label()));
    }

    @Override
    public List<ApiKeyRecord> keys(Operator operator, TenantId tenant) {
        access.requireRead(operator);
        requireTenant(tenant);
        return directory.keys(tenant);
    }

    @Override
    public ApiKeyRecord revokeKey(Operator operator, TenantId tenant, ApiKeyId key) {
        access.requireChange(operator);
        return audited.run(operator, "key.revoke", () -> {
            requireTenant(tenant);
            return directory.keys(tenant).stream().filter(k -> k.id().equals(key)).findFirst()
                    .map(TenantAdministration::keyJson).orElse(null);
        }, () -> directory.revokeKey(tenant, key).orElseThrow(() -> ApplicationException.notFound("key_not_found",
                "Tenant " + tenant + " has no API key with id '" + key + "'.")),
                k -> keyTarget(tenant, key), TenantAdministration::keyJson);
    }

    @Override
    public CreditBalance addCredit(Operator operator, TenantId tenant, CreditCommand command) {
        access.requireChange(operator);
        return audited.run(operator, "credit." + command.kind().wireName(), () -> {
            requireTenant(tenant);
            return credits.balances(tenant).stream()
                    .filter(b -> b.currency().equals(command.amount().currency())).findFirst()
                    .map(TenantAdministration::balanceJson).orElse(null);
        }, () -> switch (command.kind()) {
            case GRANTED -> credits.grant(tenant, command.amount(), operator.name());
            case TOPPED_UP -> credits.topUp(tenant, command.amount(), operator.name());
        }, b -> tenantTarget(tenant), TenantAdministration::balanceJson);
    }

    private TenantAccount account(TenantId tenant) {
        TenantProfile profile = requireTenant(tenant);
        return new TenantAccount(profile, credits.balances(tenant));
    }

    private TenantProfile requireTenant(TenantId tenant) {
        return directory.tenant(tenant).orElseThrow(() -> tenantNotFound(tenant));
    }

    private static String tenantTarget(TenantId tenant) {
        return "tenant:" + tenant;
    }

    private static String keyTarget(TenantId tenant, ApiKeyId key) {
        return "tenant:" + tenant + "/key:" + key;
    }

    private static String profileJson(TenantProfile p) {
        return AuditJson.object("id", p.id(), "name", p.name(), "status", p.status().wireName(),
                "plan", p.limits().plan(), "requests_per_minute", p.limits().requestsPerMinute(),
                "tokens_per_minute", p.limits().tokensPerMinute(), "max_concurrent", p.limits().maxConcurrent(),
                "content_retention_days", p.contentRetention().days());
    }

    private static String keyJson(ApiKeyRecord k) {
        return AuditJson.object("id", k.id(), "tenant", k.tenantId(), "prefix", k.prefix(), "label", k.label(),
                "revoked_at", k.revokedAt());
    }

    private static String balanceJson(CreditBalance b) {
        return AuditJson.object("currency", b.currency().getCurrencyCode(), "granted", b.granted(),
                "topped_up", b.toppedUp(), "reserved", b.reserved());
    }

    static ApplicationException tenantNotFound(TenantId tenant) {
        return ApplicationException.notFound("tenant_not_found", "No tenant with id '" + tenant + "'.");
    }
}

package dev.moeserve.application.admin;

import dev.moeserve.application.error.ApplicationException;
import dev.moeserve.application.port.in.CreditCommand;
import dev.moeserve.application.port.in.IssuedApiKey;
import dev.moeserve.application.port.in.KeyLabel;
import dev.moeserve.application.port.in.LimitsCommand;
import dev.moeserve.application.port.in.ManageTenants;
import dev.moeserve.application.port.in.NewTenantCommand;
import dev.moeserve.application.port.in.PlanCommand;
import dev.moeserve.application.port.in.TenantAccount;
import dev.moeserve.application.port.out.CreditAccounts;
import dev.moeserve.application.port.out.TenantDirectory;
import dev.moeserve.domain.operator.Operator;
import dev.moeserve.domain.tenancy.ApiKeyId;
import dev.moeserve.domain.tenancy.ApiKeyRecord;
import dev.moeserve.domain.tenancy.ApiKeySecret;
import dev.moeserve.domain.tenancy.CreditBalance;
import dev.moeserve.domain.tenancy.TenantId;
import dev.moeserve.domain.tenancy.TenantProfile;
import dev.moeserve.domain.tenancy.TenantStatus;

import java.util.List;

/** The tenant side of the admin API: tenants, their keys, limits, plans and credit. */
public final class TenantAdministration implements ManageTenants {
    private final TenantDirectory directory;
    private final CreditAccounts credits;
    private final AdminAccess access = new AdminAccess();

    public TenantAdministration(TenantDirectory directory, CreditAccounts credits) {
        this.directory = directory;
        this.credits = credits;
    }

    @Override
    public TenantAccount createTenant(Operator operator, NewTenantCommand command) {
        access.requireChange(operator);
        if (directory.tenantNamed(command.name()).isPresent()) {
            throw ApplicationException.invalidRequest("tenant_name_taken",
                    "Invalid value for 'name': a tenant named '" + command.name() + "' already exists.");
        }
        return account(directory.createTenant(command.name()));
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
        if (!directory.setStatus(tenant, status)) {
            throw tenantNotFound(tenant);
        }
        return account(tenant);
    }

    @Override
    public TenantAccount setPlan(Operator operator, TenantId tenant, PlanCommand plan) {
        access.requireChange(operator);
        if (!directory.setPlan(tenant, plan.plan())) {
            throw tenantNotFound(tenant);
        }
        return account(tenant);
    }

    @Override
    public TenantAccount setLimits(Operator operator, TenantId tenant, LimitsCommand limits) {
        access.requireChange(operator);
        if (!directory.setLimits(tenant, limits.requestsPerMinute(), limits.tokensPerMinute(), limits.maxConcurrent())) {
            throw tenantNotFound(tenant);
        }
        return account(tenant);
    }

    @Override
    public IssuedApiKey issueKey(Operator operator, TenantId tenant, KeyLabel label) {
        access.requireChange(operator);
        requireTenant(tenant);
        ApiKeySecret secret = ApiKeySecret.generate();
        ApiKeyId id = directory.addKey(tenant, secret.hash(), secret.prefix(), label.text());
        return new IssuedApiKey(id, tenant, secret.text(), secret.prefix(), label.text());
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
        requireTenant(tenant);
        return directory.revokeKey(tenant, key).orElseThrow(() -> ApplicationException.notFound("key_not_found",
                "Tenant " + tenant + " has no API key with id '" + key + "'."));
    }

    @Override
    public CreditBalance addCredit(Operator operator, TenantId tenant, CreditCommand command) {
        access.requireChange(operator);
        requireTenant(tenant);
        return switch (command.kind()) {
            case GRANTED -> credits.grant(tenant, command.amount(), operator.name());
            case TOPPED_UP -> credits.topUp(tenant, command.amount(), operator.name());
        };
    }

    private TenantAccount account(TenantId tenant) {
        TenantProfile profile = requireTenant(tenant);
        return new TenantAccount(profile, credits.balances(tenant));
    }

    private TenantProfile requireTenant(TenantId tenant) {
        return directory.tenant(tenant).orElseThrow(() -> tenantNotFound(tenant));
    }

    static ApplicationException tenantNotFound(TenantId tenant) {
        return ApplicationException.notFound("tenant_not_found", "No tenant with id '" + tenant + "'.");
    }
}

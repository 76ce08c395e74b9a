package dev.moeserve.application.port.in;

import dev.moeserve.domain.operator.Operator;
import dev.moeserve.domain.tenancy.ApiKeyId;
import dev.moeserve.domain.tenancy.ApiKeyRecord;
import dev.moeserve.domain.tenancy.CreditBalance;
import dev.moeserve.domain.tenancy.TenantId;
import dev.moeserve.domain.tenancy.TenantStatus;

import java.util.List;

/**
 * Inbound port: operators manage tenants, their keys, limits, plans, credit and content retention. Reads are open to
 * every operator, changes to admins only; an unknown tenant or key is NOT_FOUND.
 */
public interface ManageTenants {
    int MAX_PAGE_SIZE = 1000;

    TenantAccount createTenant(Operator operator, NewTenantCommand command);

    /** Tenants oldest first, a page at a time. */
    TenantPage tenants(Operator operator, int page, int pageSize);

    TenantAccount tenant(Operator operator, TenantId tenant);

    /** Suspending refuses the tenant's keys from their next request; reactivating accepts them again. */
    TenantAccount setStatus(Operator operator, TenantId tenant, TenantStatus status);

    /** The plan names the tenant for plan-scoped promotions; empty takes it off any plan. */
    TenantAccount setPlan(Operator operator, TenantId tenant, PlanCommand plan);

    TenantAccount setLimits(Operator operator, TenantId tenant, LimitsCommand limits);

    /**
     * Retains the tenant's request content for a period from now on, or stores none when the command is
     * empty. Content already stored keeps the purge time it was stored with.
     */
    TenantAccount setContentRetention(Operator operator, TenantId tenant, ContentRetentionCommand command);

    IssuedApiKey issueKey(Operator operator, TenantId tenant, KeyLabel label);

    List<ApiKeyRecord> keys(Operator operator, TenantId tenant);

    /** Revokes the key from its next request on. */
    ApiKeyRecord revokeKey(Operator operator, TenantId tenant, ApiKeyId key);

    /** @return the tenant's balance in the credit's currency afterwards */
    CreditBalance addCredit(Operator operator, TenantId tenant, CreditCommand command);

    record TenantPage(List<TenantAccount> tenants, int page, int pageSize, boolean hasMore) {
        public TenantPage {
            tenants = List.copyOf(tenants);
        }
    }
}

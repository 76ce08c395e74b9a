package dev.moeserve.application.port.out;

import dev.moeserve.domain.tenancy.ApiKeyId;
import dev.moeserve.domain.tenancy.Caller;
import dev.moeserve.domain.tenancy.TenantId;
import dev.moeserve.domain.tenancy.TenantLimits;

import java.util.Optional;

/** Outbound port: tenants and their API keys (stored as hashes). */
public interface TenantDirectory {
    /** The caller owning an active (not revoked, tenant not suspended) key with this hash; marks it used. */
    Optional<Caller> findActiveKey(String keyHash);

    TenantId createTenant(String name);

    /** The tenant's plan and limits. */
    TenantLimits limits(TenantId tenant);

    /** Stores a new key for the tenant; only the hash and visible prefix are kept. */
    ApiKeyId addKey(TenantId tenant, String keyHash, String keyPrefix, String label);
}

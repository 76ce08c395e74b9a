package dev.moeserve.application.port.out;

import dev.moeserve.domain.tenancy.ApiKeyId;
import dev.moeserve.domain.tenancy.ApiKeyRecord;
import dev.moeserve.domain.tenancy.Caller;
import dev.moeserve.domain.tenancy.ContentRetention;
import dev.moeserve.domain.tenancy.TenantId;
import dev.moeserve.domain.tenancy.TenantLimits;
import dev.moeserve.domain.tenancy.TenantProfile;
import dev.moeserve.domain.tenancy.TenantStatus;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/** Outbound port: tenants and their API keys (stored as hashes). */
public interface TenantDirectory {
    /** The caller owning an active (not revoked, tenant not suspended) key with this hash; marks it used. */
    Optional<Caller> findActiveKey(String keyHash);

    /** Whether this hash is an unrevoked key of a suspended tenant (to say why it is refused). */
    boolean isKeyOfSuspendedTenant(String keyHash);

    TenantId createTenant(String name);

    /** The tenant's plan and limits. */
    TenantLimits limits(TenantId tenant);

    /** Stores a new key for the tenant; only the hash and visible prefix are kept. */
    ApiKeyId addKey(TenantId tenant, String keyHash, String keyPrefix, String label);

    /** Tenants, oldest first: {@code offset} skipped, at most {@code limit} returned. */
    List<TenantProfile> tenants(int offset, int limit);

    Optional<TenantProfile> tenant(TenantId tenant);

    Optional<TenantProfile> tenantNamed(String name);

    /** @return false when there is no such tenant */
    boolean setStatus(TenantId tenant, TenantStatus status);

    /** Puts the tenant on a plan, or on none; @return false when there is no such tenant */
    boolean setPlan(TenantId tenant, Optional<String> plan);

    /** Sets the tenant's limits; an empty value means unlimited. @return false when there is no such tenant */
    boolean setLimits(TenantId tenant, OptionalInt requestsPerMinute, OptionalInt tokensPerMinute, OptionalInt maxConcurrent);

    /** Whether the tenant's request content is stored, and for how long; {@link ContentRetention#OFF} for an unknown tenant. */
    ContentRetention contentRetention(TenantId tenant);

    /** @return false when there is no such tenant */
    boolean setContentRetention(TenantId tenant, ContentRetention retention);

    /** The tenant's keys, newest first, revoked ones included. */
    List<ApiKeyRecord> keys(TenantId tenant);

    /**
     * Revokes one of the tenant's keys (a key already revoked stays revoked as it was); it fails on its
     * next request. Empty when the tenant has no key with this id.
     */
    Optional<ApiKeyRecord> revokeKey(TenantId tenant, ApiKeyId key);
}

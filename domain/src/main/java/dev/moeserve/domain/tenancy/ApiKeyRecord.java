package dev.moeserve.domain.tenancy;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What is kept of an API key: never the secret, only its visible prefix, a label, and its history.
 * A key is usable while it is not revoked (and its tenant is active).
 */
public record ApiKeyRecord(ApiKeyId id, TenantId tenantId, String prefix, String label, Instant createdAt,
                           Optional<Instant> revokedAt, Optional<Instant> lastUsedAt) {
    public ApiKeyRecord {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(prefix, "prefix");
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(revokedAt, "revokedAt");
        Objects.requireNonNull(lastUsedAt, "lastUsedAt");
    }

    public boolean revoked() {
        return revokedAt.isPresent();
    }
}

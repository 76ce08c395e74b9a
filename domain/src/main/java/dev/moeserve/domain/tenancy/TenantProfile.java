package dev.moeserve.domain.tenancy;

import java.time.Instant;
import java.util.Objects;

/**
 * A tenant as the directory holds it: identity, name, status, when it was created, its plan and limits,
 * and whether its request content is retained.
 */
public record TenantProfile(TenantId id, String name, TenantStatus status, Instant createdAt, TenantLimits limits,
                            ContentRetention contentRetention) {
    public TenantProfile {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(contentRetention, "contentRetention");
    }
}

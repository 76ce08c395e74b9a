package dev.moeserve.domain.tenancy;

import java.util.Objects;

/** Who is calling the API: the tenant and the key it authenticated with. */
public record Caller(TenantId tenantId, ApiKeyId apiKeyId) {
    public Caller {
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(apiKeyId, "apiKeyId");
    }
}

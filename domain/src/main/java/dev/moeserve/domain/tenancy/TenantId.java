package dev.moeserve.domain.tenancy;

import java.util.Objects;
import java.util.UUID;

/** Identity of a tenant: a company, team or customer that is metered and billed separately. */
public record TenantId(UUID value) {
    public TenantId {
        Objects.requireNonNull(value, "tenant id");
    }

    public static TenantId random() {
        return new TenantId(UUID.randomUUID());
    }

    @Override
    public String toString() {
        return value.toString();
    }
}

package dev.moeserve.application.port.out;

import dev.moeserve.domain.tenancy.TenantId;

import java.util.Objects;
import java.util.Optional;

/** Which usage a query is about; an empty criterion matches everything. */
public record UsageFilter(Optional<TenantId> tenant, Optional<String> model, Optional<String> backend) {

    public static final UsageFilter ALL = new UsageFilter(Optional.empty(), Optional.empty(), Optional.empty());

    public UsageFilter {
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(backend, "backend");
    }
}

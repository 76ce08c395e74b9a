package dev.moeserve.application.port.in;

import dev.moeserve.domain.tenancy.TenantId;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Which usage to report: requests that started in {@code [from, to)} (either end open) for the given
 * tenant, model and backend (empty = all).
 */
public record UsageQuery(Optional<TenantId> tenant, Optional<String> model, Optional<String> backend,
                         Optional<Instant> from, Optional<Instant> to) {
    public UsageQuery {
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(backend, "backend");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        if (from.isPresent() && to.isPresent() && !to.get().isAfter(from.get())) {
            throw Fields.invalid("to", "must be after 'from' (" + from.get() + "), got " + to.get() + ".");
        }
    }

    public static UsageQuery all() {
        return new UsageQuery(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
    }
}

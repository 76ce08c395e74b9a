package dev.moeserve.application.port.in;

import dev.moeserve.domain.pricing.Charge;
import dev.moeserve.domain.pricing.PriceVersion;
import dev.moeserve.domain.tenancy.TenantId;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The answer to a {@link PreviewCommand}: the charge at the price version in force at {@code at}, or
 * no charge at all when the model had no price then (such requests are served at zero charge).
 */
public record ChargePreview(String model, Optional<TenantId> tenant, Instant at, Optional<PriceVersion> version,
                            Optional<Charge> charge) {
    public ChargePreview {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(charge, "charge");
    }
}

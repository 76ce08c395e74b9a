package dev.moeserve.application.port.in;

import dev.moeserve.domain.pricing.PriceVersion;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/** A served model and the price version in force for it now; none means its requests cost nothing. */
public record ModelPricing(String id, String backend, int contextLength, Instant loadedAt, Optional<PriceVersion> inForce) {
    public ModelPricing {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(backend, "backend");
        Objects.requireNonNull(loadedAt, "loadedAt");
        Objects.requireNonNull(inForce, "inForce");
    }

    /** Served without a price tier: every request is recorded at zero charge. */
    public boolean servedAtZeroCharge() {
        return inForce.isEmpty();
    }
}

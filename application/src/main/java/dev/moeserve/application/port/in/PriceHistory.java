package dev.moeserve.application.port.in;

import dev.moeserve.domain.pricing.PriceVersion;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** A model's price versions, newest first, and the one in force now (empty before the first takes effect). */
public record PriceHistory(String model, List<PriceVersion> versions, Optional<PriceVersion> inForce) {
    public PriceHistory {
        Objects.requireNonNull(model, "model");
        versions = List.copyOf(versions);
        Objects.requireNonNull(inForce, "inForce");
    }
}

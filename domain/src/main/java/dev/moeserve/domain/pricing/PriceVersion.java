package dev.moeserve.domain.pricing;

import java.util.Objects;

/**
 * A stored {@link PriceTier} with its version number: 1 for a model's first tier, then one more for
 * each change. The tier's {@code versionId} is what ledger rows record; the number is for people.
 */
public record PriceVersion(PriceTier tier, int version) {
    public PriceVersion {
        Objects.requireNonNull(tier, "tier");
        if (version < 1) {
            throw new IllegalArgumentException("price versions count from 1, got " + version);
        }
    }
}

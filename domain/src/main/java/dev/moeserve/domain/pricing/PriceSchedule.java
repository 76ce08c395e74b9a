package dev.moeserve.domain.pricing;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The price history of one model: its {@link PriceTier} versions, oldest first, with strictly
 * increasing effective-from instants. The version in force at an instant is the latest one whose
 * effective-from is at or before it; before the first version the model has no price.
 *
 * <p>History is never re-priced: {@link #revisedBy} only appends a version that takes effect at
 * or after "now" and after every existing version, so the version in force at any past instant
 * never changes once that instant has passed.
 */
public record PriceSchedule(String modelId, List<PriceTier> versions) {

    public PriceSchedule {
        PriceTier.requireText(modelId, "modelId");
        versions = List.copyOf(versions);
        Set<String> versionIds = new HashSet<>();
        Instant previous = null;
        for (PriceTier tier : versions) {
            if (!tier.modelId().equals(modelId)) {
                throw new IllegalArgumentException("version " + tier.versionId() + " prices model " + tier.modelId() + ", not " + modelId);
            }
            if (!versionIds.add(tier.versionId())) {
                throw new IllegalArgumentException("duplicate price version id " + tier.versionId());
            }
            if (previous != null && !tier.effectiveFrom().isAfter(previous)) {
                throw new IllegalArgumentException("price versions must take effect in strictly increasing order");
            }
            previous = tier.effectiveFrom();
        }
    }

    /** A model that has never been priced. */
    public static PriceSchedule empty(String modelId) {
        return new PriceSchedule(modelId, List.of());
    }

    /** The version in force at {@code instant}, or empty if the model had no price yet. */
    public Optional<PriceTier> inForceAt(Instant instant) {
        Objects.requireNonNull(instant, "instant");
        PriceTier inForce = null;
        for (PriceTier tier : versions) {
            if (tier.effectiveFrom().isAfter(instant)) {
                break;
            }
            inForce = tier;
        }
        return Optional.ofNullable(inForce);
    }

    public Optional<PriceTier> latest() {
        return versions.isEmpty() ? Optional.empty() : Optional.of(versions.getLast());
    }

    /**
     * A new schedule with {@code next} appended as the newest version.
     *
     * @param now the current instant; {@code next} may not take effect before it, because requests
     *            already started since then were priced by the version that was in force
     * @throws IllegalArgumentException if {@code next} is for another model, reuses a version id,
     *                                  takes effect before {@code now}, or not after the latest version
     */
    public PriceSchedule revisedBy(PriceTier next, Instant now) {
        Objects.requireNonNull(next, "next");
        Objects.requireNonNull(now, "now");
        if (next.effectiveFrom().isBefore(now)) {
            throw new IllegalArgumentException("a new price version cannot take effect in the past ("
                    + next.effectiveFrom() + " < " + now + "): that would re-price requests already made");
        }
        latest().ifPresent(last -> {
            if (!next.effectiveFrom().isAfter(last.effectiveFrom())) {
                throw new IllegalArgumentException("a new price version must take effect after the latest one ("
                        + last.versionId() + " from " + last.effectiveFrom() + ")");
            }
        });
        List<PriceTier> revised = new ArrayList<>(versions);
        revised.add(next);
        return new PriceSchedule(modelId, revised);
    }
}

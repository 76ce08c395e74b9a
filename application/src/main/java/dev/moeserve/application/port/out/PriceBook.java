package dev.moeserve.application.port.out;

import dev.moeserve.domain.pricing.OffPeakWindow;
import dev.moeserve.domain.pricing.PriceTier;
import dev.moeserve.domain.pricing.PriceVersion;
import dev.moeserve.domain.pricing.Promotion;
import dev.moeserve.domain.pricing.TokenClass;
import dev.moeserve.domain.pricing.TokenPrices;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Currency;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/** Outbound port: versioned price tiers per model and the promotions, as stored. */
public interface PriceBook {
    /** The version of the model's tier in force at {@code at}, if the model has a price at all. */
    Optional<PriceTier> tierInForce(String model, Instant at);

    /** Promotions whose window contains {@code at}; scope and off-peak hours are the pricing policy's to check. */
    List<Promotion> promotionsAt(Instant at);

    /** Every version of a model's tier, newest first; empty when the model was never priced. */
    List<PriceVersion> history(String model);

    /** Models that have at least one tier, in name order. */
    Set<String> pricedModels();

    /**
     * Adds the next version of a model's tier.
     *
     * @throws IllegalArgumentException when it would take effect before {@code now} or not after the latest version
     */
    PriceVersion addTier(String model, Currency currency, TokenPrices prices, Instant effectiveFrom, Instant now);

    /** Every promotion, newest first. */
    List<Promotion> allPromotions();

    Optional<Promotion> promotion(String id);

    Promotion addPromotion(PromotionSpec spec);

    /** Ends a promotion at {@code now} (never extends it); false when there is no such promotion. */
    boolean endPromotion(String id, Instant now);

    /**
     * A percent-off promotion as stored: the same percentage off each of {@code tokenClasses}.
     *
     * @param endsAt empty for a promotion that runs until it is ended
     */
    record PromotionSpec(String name, BigDecimal percentOff, Set<TokenClass> tokenClasses, Set<String> models,
                         Set<String> tenants, Set<String> plans, Instant startsAt, Optional<Instant> endsAt,
                         boolean stackable, Optional<OffPeakWindow> offPeak) {
        public PromotionSpec {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(percentOff, "percentOff");
            tokenClasses = Set.copyOf(tokenClasses);
            models = Set.copyOf(models);
            tenants = Set.copyOf(tenants);
            plans = Set.copyOf(plans);
            Objects.requireNonNull(startsAt, "startsAt");
            Objects.requireNonNull(endsAt, "endsAt");
            Objects.requireNonNull(offPeak, "offPeak");
        }
    }
}

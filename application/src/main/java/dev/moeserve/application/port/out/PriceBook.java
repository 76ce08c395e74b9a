package dev.moeserve.application.port.out;

import dev.moeserve.domain.pricing.PriceTier;
import dev.moeserve.domain.pricing.Promotion;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Outbound port: versioned price tiers per model and the promotions, as stored. */
public interface PriceBook {
    /** The version of the model's tier in force at {@code at}, if the model has a price at all. */
    Optional<PriceTier> tierInForce(String model, Instant at);

    /** Promotions whose window contains {@code at}; scope and off-peak hours are the pricing policy's to check. */
    List<Promotion> promotionsAt(Instant at);
}

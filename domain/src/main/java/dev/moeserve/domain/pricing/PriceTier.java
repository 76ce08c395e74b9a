package dev.moeserve.domain.pricing;

import java.time.Instant;
import java.util.Currency;
import java.util.Objects;

/**
 * One price version of one model: list prices per million tokens for each token class, in one
 * currency, in force from {@code effectiveFrom} until the next version of the same model takes
 * effect. A tier is never edited; a price change is a new tier (see {@link PriceSchedule}).
 *
 * @param versionId identifies this version; every charge records it, so a ledger row always says
 *                  which prices produced it
 */
public record PriceTier(String modelId, String versionId, Instant effectiveFrom, Currency currency, TokenPrices prices) {

    public PriceTier {
        requireText(modelId, "modelId");
        requireText(versionId, "versionId");
        Objects.requireNonNull(effectiveFrom, "effectiveFrom");
        Objects.requireNonNull(currency, "currency");
        Objects.requireNonNull(prices, "prices");
    }

    /** The list price per million tokens of {@code tokenClass}. */
    public Money listPrice(TokenClass tokenClass) {
        return new Money(prices.of(tokenClass), currency);
    }

    static void requireText(String value, String name) {
        Objects.requireNonNull(value, name);
        if (value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
    }
}

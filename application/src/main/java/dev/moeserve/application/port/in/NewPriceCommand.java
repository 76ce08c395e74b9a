package dev.moeserve.application.port.in;

import dev.moeserve.domain.pricing.TokenPrices;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Currency;
import java.util.Objects;
import java.util.Optional;

/**
 * Set a model's list prices per million tokens, as a new price version taking effect at
 * {@code effectiveFrom} (now when empty). It may not take effect in the past: charged requests are
 * never re-priced.
 */
public record NewPriceCommand(String model, Currency currency, TokenPrices prices, Optional<Instant> effectiveFrom) {

    public NewPriceCommand {
        model = Fields.text(model, "model", 200);
        if (currency == null) {
            throw Fields.missing("currency");
        }
        Objects.requireNonNull(prices, "prices");
        Objects.requireNonNull(effectiveFrom, "effectiveFrom");
    }

    /** Checks each price on its own so the refusal names the field. */
    public static TokenPrices prices(BigDecimal inputCacheHit, BigDecimal inputCacheMiss, BigDecimal output) {
        return new TokenPrices(price(inputCacheHit, "input_cache_hit"), price(inputCacheMiss, "input_cache_miss"),
                price(output, "output"));
    }

    private static BigDecimal price(BigDecimal value, String field) {
        if (value == null) {
            throw Fields.missing(field);
        }
        if (value.signum() < 0) {
            throw Fields.invalid(field, "a price must not be negative, got " + value.toPlainString() + ".");
        }
        if (value.stripTrailingZeros().scale() > 18) {
            throw Fields.invalid(field, "at most 18 decimal places.");
        }
        return value;
    }
}

package dev.moeserve.domain.usage;

import dev.moeserve.domain.pricing.Charge;
import dev.moeserve.domain.pricing.Promotion;
import dev.moeserve.domain.pricing.TokenClass;

import java.math.BigDecimal;
import java.util.Currency;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a ledger row records of a {@link Charge}: the exact amount per token class, the discount,
 * the rounded total (see {@code ChargeRounding}), the price version and the promotions applied.
 * A request on a model without a price tier carries {@link #unpriced(Currency)}: zero, no version.
 */
public record ChargeSummary(
        Optional<String> priceVersion,
        List<String> promotionIds,
        Currency currency,
        BigDecimal inputCacheHit,
        BigDecimal inputCacheMiss,
        BigDecimal output,
        BigDecimal discount,
        BigDecimal total) {

    public ChargeSummary {
        Objects.requireNonNull(priceVersion, "priceVersion");
        promotionIds = List.copyOf(promotionIds);
        Objects.requireNonNull(currency, "currency");
        for (BigDecimal amount : List.of(inputCacheHit, inputCacheMiss, output, discount, total)) {
            if (amount.signum() < 0) {
                throw new IllegalArgumentException("charge amounts must not be negative: " + amount);
            }
        }
    }

    public static ChargeSummary of(Charge charge) {
        return new ChargeSummary(
                Optional.of(charge.priceVersionId()),
                charge.promotions().stream().map(Promotion::id).distinct().toList(),
                charge.currency(),
                charge.line(TokenClass.INPUT_CACHE_HIT).amount().amount(),
                charge.line(TokenClass.INPUT_CACHE_MISS).amount().amount(),
                charge.line(TokenClass.OUTPUT).amount().amount(),
                charge.discount().amount(),
                charge.total().amount());
    }

    public static ChargeSummary unpriced(Currency currency) {
        return new ChargeSummary(Optional.empty(), List.of(), currency,
                BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO);
    }
}

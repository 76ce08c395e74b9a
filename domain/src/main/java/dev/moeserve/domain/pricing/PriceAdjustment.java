package dev.moeserve.domain.pricing;

import java.math.BigDecimal;
import java.util.Objects;
import java.util.Optional;

/** How a {@link Promotion} changes the list price of one token class. */
public sealed interface PriceAdjustment {

    /**
     * The price per million this adjustment asks for, given the list price per million; empty when
     * it cannot apply to that price. It may ask for more than the list price: the
     * {@link BestDiscountPolicy} ignores such a request, because a promotion never raises a price.
     */
    Optional<Money> applyTo(Money listPerMillion);

    static PriceAdjustment percentOff(String percent) {
        return new PercentOff(new BigDecimal(percent));
    }

    static PriceAdjustment fixedPrice(Money perMillion) {
        return new FixedPrice(perMillion);
    }

    /** Takes {@code percent} percent off the list price; {@code 0 < percent <= 100}. */
    record PercentOff(BigDecimal percent) implements PriceAdjustment {
        private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

        public PercentOff {
            Objects.requireNonNull(percent, "percent");
            if (percent.signum() <= 0 || percent.compareTo(HUNDRED) > 0) {
                throw new IllegalArgumentException("percent off must be in (0, 100]: " + percent.toPlainString());
            }
            percent = Money.canonical(percent);
        }

        /** The factor left to pay, {@code (100 - percent) / 100}, exact. */
        public BigDecimal remainingFactor() {
            return HUNDRED.subtract(percent).movePointLeft(2);
        }

        @Override
        public Optional<Money> applyTo(Money listPerMillion) {
            return Optional.of(listPerMillion.times(remainingFactor()));
        }
    }

    /**
     * Replaces the list price with {@code perMillion}. Applies only to prices in the same currency:
     * there is no exchange rate in the domain, so a fixed price in another currency is not guessed at.
     */
    record FixedPrice(Money perMillion) implements PriceAdjustment {
        public FixedPrice {
            Objects.requireNonNull(perMillion, "perMillion");
            if (perMillion.isNegative()) {
                throw new IllegalArgumentException("a fixed price must not be negative: " + perMillion);
            }
        }

        @Override
        public Optional<Money> applyTo(Money listPerMillion) {
            return listPerMillion.hasCurrency(perMillion.currency()) ? Optional.of(perMillion) : Optional.empty();
        }
    }
}

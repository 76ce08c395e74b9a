package dev.moeserve.domain.pricing;

import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;

/**
 * One token class of a {@link Charge}: the tokens, the effective price that applied (with the list
 * price and the promotions behind it), and the exact amounts at list and at effective price.
 * Amounts are exact, never rounded (see {@link ChargeRounding}).
 */
public record ChargeLine(TokenClass tokenClass, long tokens, EffectivePrice price, Money listAmount, Money amount) {

    private static final int PER_MILLION_DIGITS = 6;

    public ChargeLine {
        Objects.requireNonNull(tokenClass, "tokenClass");
        Objects.requireNonNull(price, "price");
        if (tokens < 0) {
            throw new IllegalArgumentException("tokens must not be negative: " + tokens);
        }
        // recomputed rather than trusted, so a line read back from storage cannot disagree with its price
        if (!amountFor(tokens, price.list()).equals(listAmount) || !amountFor(tokens, price.perMillion()).equals(amount)) {
            throw new IllegalArgumentException("amounts of " + tokenClass + " do not match " + tokens + " tokens at " + price);
        }
    }

    public static ChargeLine of(TokenClass tokenClass, long tokens, EffectivePrice price) {
        return new ChargeLine(tokenClass, tokens, price, amountFor(tokens, price.list()), amountFor(tokens, price.perMillion()));
    }

    /** {@code tokens * perMillion / 1_000_000}, exact: dividing by a power of ten only moves the decimal point. */
    static Money amountFor(long tokens, Money perMillion) {
        return new Money(perMillion.amount().multiply(BigDecimal.valueOf(tokens)).movePointLeft(PER_MILLION_DIGITS),
                perMillion.currency());
    }

    public Money listPerMillion() {
        return price.list();
    }

    public Money effectivePerMillion() {
        return price.perMillion();
    }

    /** {@code listAmount - amount}, exact and never negative. */
    public Money discount() {
        return listAmount.minus(amount);
    }

    public List<Promotion> promotions() {
        return price.promotions();
    }

    /** Names of the promotions applied to this class; empty means "none". */
    public List<String> promotionNames() {
        return price.promotions().stream().map(Promotion::name).toList();
    }
}

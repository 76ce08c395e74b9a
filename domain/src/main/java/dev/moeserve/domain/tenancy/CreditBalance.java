package dev.moeserve.domain.tenancy;

import java.math.BigDecimal;
import java.util.Currency;
import java.util.Objects;

/**
 * A tenant's prepaid credit in one currency. {@code granted} is credit given (promotional, trial),
 * {@code toppedUp} is credit paid for; {@code reserved} is held for requests still running.
 */
public record CreditBalance(Currency currency, BigDecimal granted, BigDecimal toppedUp, BigDecimal reserved) {
    public CreditBalance {
        Objects.requireNonNull(currency, "currency");
        if (granted.signum() < 0 || toppedUp.signum() < 0 || reserved.signum() < 0) {
            throw new IllegalArgumentException("credit amounts must not be negative");
        }
    }

    public BigDecimal total() {
        return granted.add(toppedUp);
    }

    /** What a new request may still reserve. */
    public BigDecimal available() {
        return total().subtract(reserved);
    }

    /**
     * Pays {@code amount} the way the DeepSeek API does: granted credit first, then topped-up credit.
     *
     * @throws IllegalArgumentException when the balance does not cover it
     */
    public Drawdown draw(BigDecimal amount) {
        if (amount.signum() < 0) {
            throw new IllegalArgumentException("cannot draw a negative amount");
        }
        if (amount.compareTo(total()) > 0) {
            throw new IllegalArgumentException("charge " + amount + " exceeds the balance " + total());
        }
        BigDecimal fromGranted = amount.min(granted);
        return new Drawdown(fromGranted, amount.subtract(fromGranted));
    }

    /** How one charge was paid. */
    public record Drawdown(BigDecimal fromGranted, BigDecimal fromToppedUp) {
    }
}

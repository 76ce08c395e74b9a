package dev.moeserve.application.port.in;

import dev.moeserve.domain.pricing.Money;

import java.util.Objects;

/**
 * Add credit to a tenant: granted credit (given: trials, goodwill) is spent before topped-up credit
 * (paid for), as the DeepSeek API does.
 */
public record CreditCommand(Money amount, Kind kind) {

    /** The two kinds of credit, with their wire names. */
    public enum Kind {
        GRANTED, TOPPED_UP;

        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public CreditCommand {
        Objects.requireNonNull(amount, "amount");
        if (amount.amount().signum() <= 0) {
            throw Fields.invalid("amount", "credit must be positive, got " + amount.amount().toPlainString() + ".");
        }
        if (amount.amount().scale() > 18) {
            throw Fields.invalid("amount", "at most 18 decimal places.");
        }
        if (kind == null) {
            throw Fields.missing("kind");
        }
    }
}

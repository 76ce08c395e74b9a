package dev.moeserve.adapters.web.wire;

import java.math.BigDecimal;

/** Money travels as decimal strings ("0.435"), never as JSON floats. */
public final class Decimals {
    private Decimals() {
    }

    public static String text(BigDecimal value) {
        return value.signum() == 0 ? "0" : value.stripTrailingZeros().toPlainString();
    }
}

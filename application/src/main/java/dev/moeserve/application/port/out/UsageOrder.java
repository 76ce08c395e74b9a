package dev.moeserve.application.port.out;

import java.util.Locale;
import java.util.Optional;

/**
 * The orders a page of ledger rows can be sorted in. A closed list, so a sort chosen in a browser can
 * never reach the database as text.
 */
public enum UsageOrder {
    NEWEST,
    OLDEST,
    TOTAL_HIGHEST,
    TOTAL_LOWEST,
    TOKENS_MOST,
    TOKENS_FEWEST;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<UsageOrder> fromWireName(String name) {
        for (UsageOrder order : values()) {
            if (order.wireName().equals(name)) {
                return Optional.of(order);
            }
        }
        return Optional.empty();
    }
}

package dev.moeserve.domain.usage;

import java.util.Locale;
import java.util.Optional;

/** What a usage report can be broken down by; days are UTC calendar days of the request's start. */
public enum ReportDimension {
    TENANT,
    MODEL,
    DAY,
    BACKEND;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<ReportDimension> fromWireName(String name) {
        for (ReportDimension d : values()) {
            if (d.wireName().equals(name)) {
                return Optional.of(d);
            }
        }
        return Optional.empty();
    }
}

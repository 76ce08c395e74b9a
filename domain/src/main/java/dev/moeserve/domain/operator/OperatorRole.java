package dev.moeserve.domain.operator;

import java.util.Locale;
import java.util.Optional;

/** What an operator of the admin API is trusted with. */
public enum OperatorRole {
    /** Runs the platform: may read everything and change tenants, keys, credit, prices and promotions. */
    ADMIN,
    /** Checks the books: may read everything the admin API shows, and change nothing. */
    AUDITOR;

    /** The name stored with a credential, e.g. {@code "admin"}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<OperatorRole> fromWireName(String name) {
        for (OperatorRole role : values()) {
            if (role.wireName().equals(name)) {
                return Optional.of(role);
            }
        }
        return Optional.empty();
    }
}

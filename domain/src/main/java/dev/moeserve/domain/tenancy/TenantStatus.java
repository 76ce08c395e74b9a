package dev.moeserve.domain.tenancy;

import java.util.Locale;

/** Whether a tenant's keys are accepted. A suspended tenant keeps its data, credit and keys, all unusable. */
public enum TenantStatus {
    ACTIVE,
    SUSPENDED;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static TenantStatus fromWireName(String name) {
        return valueOf(name.toUpperCase(Locale.ROOT));
    }
}

package dev.moeserve.domain.audit;

import java.time.Instant;
import java.util.Objects;

/**
 * One admin action as the audit log keeps it: who did what to which thing, the values before and
 * after (JSON text, null where there was nothing before or after), from which address and when.
 */
public record AdminAuditEntry(String actor, String role, String action, String target, String before, String after,
                              String address, Instant at) {
    public AdminAuditEntry {
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(at, "at");
    }
}

package dev.moeserve.application.port.out;

import dev.moeserve.domain.audit.AdminAuditEntry;

/** Outbound port: the append-only, hash-chained log of admin actions. */
public interface AdminAuditLog {
    /** Appends the entry; inside a {@link UnitOfWork} it commits or rolls back with the change it records. */
    void record(AdminAuditEntry entry);
}

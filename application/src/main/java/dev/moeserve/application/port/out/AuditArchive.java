package dev.moeserve.application.port.out;

import dev.moeserve.application.port.in.QueryAuditTrail.AuditLogQuery;
import dev.moeserve.application.port.in.QueryAuditTrail.ChainStatus;
import dev.moeserve.application.port.in.QueryAuditTrail.SignedExport;
import dev.moeserve.domain.audit.AdminAuditEntry;
import dev.moeserve.domain.tenancy.TenantId;

import java.time.Instant;
import java.util.List;

/** Outbound port: reading the admin log, checking the stored hash chains, and signing ledger exports. */
public interface AuditArchive {
    /** Newest first; {@code offset} skipped, at most {@code limit} returned. */
    List<AdminAuditEntry> adminEntries(AuditLogQuery query, int offset, int limit);

    ChainStatus verifyLedger();

    ChainStatus verifyAdminLog();

    SignedExport exportLedger(TenantId tenant, Instant from, Instant to);
}

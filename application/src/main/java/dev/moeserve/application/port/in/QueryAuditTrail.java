package dev.moeserve.application.port.in;

import dev.moeserve.domain.audit.AdminAuditEntry;
import dev.moeserve.domain.operator.Operator;
import dev.moeserve.domain.tenancy.TenantId;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Inbound port: what an auditor reads. The admin-action log with filters, whether both hash chains
 * (usage ledger and admin log) are intact, and a signed export of a tenant's ledger rows. Open to
 * every operator; nothing here changes anything.
 */
public interface QueryAuditTrail {
    int MAX_PAGE_SIZE = 1000;

    /** Admin actions matching the query, newest first, a page at a time. */
    AuditLogPage adminLog(Operator operator, AuditLogQuery query, int page, int pageSize);

    /** Walks both chains from their first row; the first broken row is named. */
    ChainReport verifyChains(Operator operator);

    /** The tenant's ledger rows started in {@code [from, to)} as JSON Lines, with a detached Ed25519 signature. */
    SignedExport exportLedger(Operator operator, TenantId tenant, Instant from, Instant to);

    /** Filters of the admin log; empty matches everything. {@code action} matches a prefix ("promotion." finds all). */
    record AuditLogQuery(Optional<String> actor, Optional<String> action, Optional<Instant> from, Optional<Instant> to) {
        public AuditLogQuery {
            Objects.requireNonNull(actor, "actor");
            Objects.requireNonNull(action, "action");
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(to, "to");
        }

        public static AuditLogQuery all() {
            return new AuditLogQuery(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
        }
    }

    record AuditLogPage(List<AdminAuditEntry> entries, int page, int pageSize, boolean hasMore) {
        public AuditLogPage {
            entries = List.copyOf(entries);
        }
    }

    /** One chain's verdict: intact over {@code rows} rows, or broken at the row {@code brokenAt} describes. */
    record ChainStatus(String chain, boolean intact, long rows, Optional<String> brokenAt) {
        public ChainStatus {
            Objects.requireNonNull(chain, "chain");
            Objects.requireNonNull(brokenAt, "brokenAt");
        }
    }

    record ChainReport(ChainStatus ledger, ChainStatus adminLog, Instant checkedAt) {
        public boolean intact() {
            return ledger.intact() && adminLog.intact();
        }
    }

    record SignedExport(String fileName, byte[] jsonLines, String signature, long rows) {
        public SignedExport {
            Objects.requireNonNull(fileName, "fileName");
            jsonLines = jsonLines.clone();
            Objects.requireNonNull(signature, "signature");
        }

        @Override
        public byte[] jsonLines() {
            return jsonLines.clone();
        }
    }
}

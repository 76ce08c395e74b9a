package dev.moeserve.application.admin;

import dev.moeserve.application.error.ApplicationException;
import dev.moeserve.application.port.in.QueryAuditTrail;
import dev.moeserve.application.port.out.AuditArchive;
import dev.moeserve.application.port.out.TenantDirectory;
import dev.moeserve.domain.audit.AdminAuditEntry;
import dev.moeserve.domain.operator.Operator;
import dev.moeserve.domain.tenancy.TenantId;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

/** The auditor's reads: the admin log, both chains' verdicts, and signed ledger exports. */
public final class AuditTrailQueries implements QueryAuditTrail {
    private final AuditArchive archive;
    private final TenantDirectory tenants;
    private final Clock clock;
    private final AdminAccess access = new AdminAccess();

    public AuditTrailQueries(AuditArchive archive, TenantDirectory tenants, Clock clock) {
        this.archive = archive;
        this.tenants = tenants;
        this.clock = clock;
    }

    @Override
    public AuditLogPage adminLog(Operator operator, AuditLogQuery query, int page, int pageSize) {
        access.requireRead(operator);
        AdminAccess.requirePage(page, pageSize, MAX_PAGE_SIZE);
        List<AdminAuditEntry> entries = archive.adminEntries(query, (page - 1) * pageSize, pageSize + 1);
        boolean hasMore = entries.size() > pageSize;
        return new AuditLogPage(hasMore ? entries.subList(0, pageSize) : entries, page, pageSize, hasMore);
    }

    @Override
    public ChainReport verifyChains(Operator operator) {
        access.requireRead(operator);
        return new ChainReport(archive.verifyLedger(), archive.verifyAdminLog(), clock.instant());
    }

    @Override
    public SignedExport exportLedger(Operator operator, TenantId tenant, Instant from, Instant to) {
        access.requireRead(operator);
        if (!to.isAfter(from)) {
            throw ApplicationException.invalidRequest("invalid_value",
                    "Invalid value for 'to': must be after 'from' (" + from + "), got " + to + ".");
        }
        if (tenants.tenant(tenant).isEmpty()) {
            throw TenantAdministration.tenantNotFound(tenant);
        }
        return archive.exportLedger(tenant, from, to);
    }
}

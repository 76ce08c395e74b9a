package dev.moeserve.application.usage;

import dev.moeserve.application.error.ApplicationException;
import dev.moeserve.application.port.in.QueryUsage;
import dev.moeserve.application.port.out.UsageLedger;
import dev.moeserve.domain.tenancy.TenantId;
import dev.moeserve.domain.usage.UsageRecord;

import java.util.List;

/** Pages through one tenant's ledger rows; a tenant can never name another tenant here. */
public final class UsageQueryService implements QueryUsage {
    private final UsageLedger ledger;

    public UsageQueryService(UsageLedger ledger) {
        this.ledger = ledger;
    }

    @Override
    public UsagePage usage(TenantId tenant, int page, int pageSize) {
        if (page < 1) {
            throw ApplicationException.invalidRequest("invalid_value", "page must be at least 1, got " + page + ".");
        }
        if (pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
            throw ApplicationException.invalidRequest("invalid_value",
                    "limit must be between 1 and " + MAX_PAGE_SIZE + ", got " + pageSize + ".");
        }
        // one extra row tells whether an older page exists without a count query
        List<UsageRecord> rows = ledger.recent(tenant, (page - 1) * pageSize, pageSize + 1);
        boolean hasMore = rows.size() > pageSize;
        return new UsagePage(hasMore ? rows.subList(0, pageSize) : rows, page, pageSize, hasMore);
    }
}

package dev.moeserve.application.port.in;

import dev.moeserve.application.port.out.UsageOrder;
import dev.moeserve.domain.operator.Operator;
import dev.moeserve.domain.usage.ReportDimension;
import dev.moeserve.domain.usage.UsageAggregate;
import dev.moeserve.domain.usage.UsageRecord;

import java.util.List;
import java.util.Set;

/**
 * Inbound port: usage across tenants for operators. Totals and reports come from the daily rollup
 * (plus the ledger rows of at most two partial days at a period's edges), never from a scan of the
 * whole ledger. Money is summed per currency.
 */
public interface QueryUsageReports {
    int MAX_PAGE_SIZE = 1000;

    /** Ledger rows matching the query, newest first, a page at a time, with the totals of all matching rows. */
    default UsageListing usage(Operator operator, UsageQuery query, int page, int pageSize) {
        return usage(operator, query, UsageOrder.NEWEST, page, pageSize);
    }

    /** The same rows sorted in {@code order}. */
    UsageListing usage(Operator operator, UsageQuery query, UsageOrder order, int page, int pageSize);

    /** Usage summed per group of {@code groupBy} (and currency), with totals; groups in a stable order. */
    UsageReport report(Operator operator, UsageQuery query, Set<ReportDimension> groupBy);

    record UsageListing(List<UsageRecord> rows, List<UsageAggregate> totals, int page, int pageSize, boolean hasMore) {
        public UsageListing {
            rows = List.copyOf(rows);
            totals = List.copyOf(totals);
        }
    }

    record UsageReport(Set<ReportDimension> groupBy, List<UsageAggregate> groups, List<UsageAggregate> totals) {
        public UsageReport {
            groupBy = Set.copyOf(groupBy);
            groups = List.copyOf(groups);
            totals = List.copyOf(totals);
        }
    }
}

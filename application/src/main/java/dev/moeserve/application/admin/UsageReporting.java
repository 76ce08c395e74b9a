package dev.moeserve.application.admin;

import dev.moeserve.application.port.in.QueryUsageReports;
import dev.moeserve.application.port.in.UsageQuery;
import dev.moeserve.application.port.out.TenantDirectory;
import dev.moeserve.application.port.out.UsageFilter;
import dev.moeserve.application.port.out.UsageLedger;
import dev.moeserve.application.port.out.UsageOrder;
import dev.moeserve.application.port.out.UsageReports;
import dev.moeserve.domain.operator.Operator;
import dev.moeserve.domain.usage.ReportDimension;
import dev.moeserve.domain.usage.ReportPeriod;
import dev.moeserve.domain.usage.UsageAggregate;
import dev.moeserve.domain.usage.UsageRecord;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Usage across tenants for operators. A period is split by {@link ReportPeriod}: its whole days are
 * summed from the daily rollup and only its partial edge days from ledger rows, so a month's report
 * costs the same whether the ledger holds a thousand rows or a billion.
 */
public final class UsageReporting implements QueryUsageReports {
    /** Groups by day, then tenant, model, backend and currency: the order people read a report in. */
    private static final Comparator<UsageAggregate> REPORT_ORDER = Comparator
            .comparing((UsageAggregate a) -> a.day().orElse(LocalDate.MIN))
            .thenComparing(a -> a.tenant().map(Object::toString).orElse(""))
            .thenComparing(a -> a.model().orElse(""))
            .thenComparing(a -> a.backend().orElse(""))
            .thenComparing(a -> a.currency().getCurrencyCode());

    private final UsageLedger ledger;
    private final UsageReports reports;
    private final TenantDirectory tenants;
    private final AdminAccess access = new AdminAccess();

    public UsageReporting(UsageLedger ledger, UsageReports reports, TenantDirectory tenants) {
        this.ledger = ledger;
        this.reports = reports;
        this.tenants = tenants;
    }

    @Override
    public UsageListing usage(Operator operator, UsageQuery query, UsageOrder order, int page, int pageSize) {
        access.requireRead(operator);
        AdminAccess.requirePage(page, pageSize, MAX_PAGE_SIZE);
        UsageFilter filter = filter(query);
        List<UsageRecord> rows = ledger.rows(filter, query.from(), query.to(), order, (page - 1) * pageSize, pageSize + 1);
        boolean hasMore = rows.size() > pageSize;
        List<UsageAggregate> totals = aggregate(filter, query, Set.of());
        return new UsageListing(hasMore ? rows.subList(0, pageSize) : rows, totals, page, pageSize, hasMore);
    }

    @Override
    public UsageReport report(Operator operator, UsageQuery query, Set<ReportDimension> groupBy) {
        access.requireRead(operator);
        List<UsageAggregate> groups = aggregate(filter(query), query, groupBy);
        return new UsageReport(groupBy, groups, merge(groups.stream().map(UsageAggregate::ungrouped).toList()));
    }

    /** The query's usage per group, whole days from the rollup and partial days from the ledger. */
    private List<UsageAggregate> aggregate(UsageFilter filter, UsageQuery query, Set<ReportDimension> groupBy) {
        ReportPeriod period = ReportPeriod.of(query.from(), query.to());
        List<UsageAggregate> parts = new ArrayList<>();
        if (period.hasWholeDays()) {
            parts.addAll(reports.fromRollup(filter, period.firstDay(), period.endDay(), groupBy));
        }
        for (ReportPeriod.Interval edge : period.partials()) {
            parts.addAll(reports.fromLedger(filter, edge.start(), edge.end(), groupBy));
        }
        return merge(parts);
    }

    private UsageFilter filter(UsageQuery query) {
        // naming a tenant that does not exist is a mistake worth a 404, not an empty report
        query.tenant().ifPresent(t -> tenants.tenant(t).orElseThrow(() -> TenantAdministration.tenantNotFound(t)));
        return new UsageFilter(query.tenant(), query.model(), query.backend());
    }

    /** Adds up the aggregates of the same group (a day split between rollup and ledger, say), in report order. */
    private static List<UsageAggregate> merge(List<UsageAggregate> parts) {
        Map<List<Object>, UsageAggregate> byGroup = new LinkedHashMap<>();
        for (UsageAggregate part : parts) {
            byGroup.merge(part.groupKey(), part, UsageAggregate::plus);
        }
        return byGroup.values().stream().sorted(REPORT_ORDER).toList();
    }
}

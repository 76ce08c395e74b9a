package dev.moeserve.infrastructure.persistence;

import dev.moeserve.application.port.out.UsageBin;
import dev.moeserve.application.port.out.UsageFilter;
import java.time.Duration;
import dev.moeserve.application.port.out.UsageReports;
import dev.moeserve.domain.tenancy.TenantId;
import dev.moeserve.domain.usage.ReportDimension;
import dev.moeserve.domain.usage.UsageAggregate;

import javax.sql.DataSource;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Usage sums in PostgreSQL. Whole days come from the rollups, never from the ledger:
 * <ul>
 *   <li>{@code usage_daily_total} (across tenants, a few rows a day) when a report neither names nor splits
 *       by tenant, so a platform-wide month costs the same with ten tenants or ten thousand;</li>
 *   <li>otherwise {@code usage_monthly} for the whole calendar months of the period and {@code usage_daily}
 *       for the days around them, unless the report splits by day, which only {@code usage_daily} can.</li>
 * </ul>
 * Partial days come from the ledger through its {@code started_at} indexes.
 */
public final class PostgresUsageReports implements UsageReports {
    private final DataSource dataSource;

    public PostgresUsageReports(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public List<UsageAggregate> fromRollup(UsageFilter filter, Optional<LocalDate> firstDay, Optional<LocalDate> endDay,
                                           Set<ReportDimension> groupBy) {
        if (filter.tenant().isEmpty() && !groupBy.contains(ReportDimension.TENANT)) {
            // neither names nor splits by tenant: the totals across tenants hold the same sums in far fewer rows
            return summed(List.of(days("usage_daily_total", filter, firstDay, endDay)), groupBy);
        }
        Optional<LocalDate> firstMonth = firstDay.map(d -> d.getDayOfMonth() == 1 ? d : d.withDayOfMonth(1).plusMonths(1));
        Optional<LocalDate> endMonth = endDay.map(d -> d.withDayOfMonth(1));
        boolean wholeMonths = firstMonth.isEmpty() || endMonth.isEmpty() || firstMonth.get().isBefore(endMonth.get());
        if (groupBy.contains(ReportDimension.DAY) || !wholeMonths) {
            return summed(List.of(days("usage_daily", filter, firstDay, endDay)), groupBy);
        }
        // whole calendar months from the monthly rollup, the days before and after them from the daily one
        List<Part> parts = new ArrayList<>();
        parts.add(months(filter, firstMonth, endMonth));
        if (firstDay.isPresent() && firstDay.get().isBefore(firstMonth.get())) {
            parts.add(days("usage_daily", filter, firstDay, firstMonth));
        }
        if (endDay.isPresent() && endMonth.get().isBefore(endDay.get())) {
            parts.add(days("usage_daily", filter, endMonth, endDay));
        }
        return summed(parts, groupBy);
    }

    /** One select of a union: its SQL (key columns and sums) and its conditions. */
    private record Part(String sql, UsageConditions where) {
    }

    private static Part days(String table, UsageFilter filter, Optional<LocalDate> firstDay, Optional<LocalDate> endDay) {
        UsageConditions where = UsageConditions.of(filter);
        firstDay.ifPresent(d -> where.add("day >= ?", d));
        endDay.ifPresent(d -> where.add("day < ?", d));
        String tenant = table.equals("usage_daily") ? "tenant_id" : "null::uuid as tenant_id";
        return new Part("select " + tenant + ", model, backend, day, currency, " + PostgresUsageLedger.ROLLUP_SUMS
                + " from " + table + where.sql(), where);
    }

    private static Part months(UsageFilter filter, Optional<LocalDate> firstMonth, Optional<LocalDate> endMonth) {
        UsageConditions where = UsageConditions.of(filter);
        firstMonth.ifPresent(m -> where.add("month >= ?", m));
        endMonth.ifPresent(m -> where.add("month < ?", m));
        return new Part("select tenant_id, model, backend, null::date as day, currency, " + PostgresUsageLedger.ROLLUP_SUMS
                + " from usage_monthly" + where.sql(), where);
    }

    /** Sums the union of the parts per group; the parts never overlap, so nothing is counted twice. */
    private List<UsageAggregate> summed(List<Part> parts, Set<ReportDimension> groupBy) {
        List<String> selects = parts.stream().map(Part::sql).toList();
        String sql = "select " + dimensions(groupBy, "day") + """
                currency, sum(requests), sum(prompt_cache_hit_tokens), sum(prompt_cache_miss_tokens),
                sum(completion_tokens), sum(charge_discount), sum(charge_total)
                """ + "from (" + String.join(" union all ", selects) + ") parts" + groupClause(groupBy);
        try (Connection c = dataSource.getConnection(); PreparedStatement st = c.prepareStatement(sql)) {
            int next = 1;
            for (Part part : parts) {
                next = part.where().bind(st, next);
            }
            List<UsageAggregate> out = new ArrayList<>();
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    out.add(read(rs, groupBy));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new PersistenceException("could not sum usage from the rollups", e);
        }
    }

    @Override
    public List<UsageAggregate> fromLedger(UsageFilter filter, Instant from, Instant to, Set<ReportDimension> groupBy) {
        UsageConditions where = UsageConditions.of(filter).add("started_at >= ?", from).add("started_at < ?", to);
        // the rollup's day is the UTC date of the request's start; the same rule here keeps the two adding up
        String sql = "select " + dimensions(groupBy, "(started_at at time zone 'UTC')::date") + """
                coalesce(currency, 'USD'), count(*), sum(prompt_cache_hit_tokens),
                sum(prompt_tokens - prompt_cache_hit_tokens), sum(completion_tokens), sum(charge_discount), sum(charge_total)
                from usage_ledger""" + where.sql() + groupClause(groupBy);
        return query(sql, where, groupBy, "ledger");
    }

    @Override
    public List<UsageBin> binned(UsageFilter filter, Instant from, Instant to, Duration bin) {
        UsageConditions where = UsageConditions.of(filter).add("started_at >= ?", from).add("started_at < ?", to);
        String sql = "select tenant_id, model, date_bin(?::interval, started_at, timestamptz '1970-01-01 00:00:00+00') as bin,"
                + " coalesce(currency, 'USD'), count(*), sum(prompt_cache_hit_tokens), sum(prompt_tokens - prompt_cache_hit_tokens),"
                + " sum(completion_tokens), sum(charge_total) from usage_ledger" + where.sql()
                + " group by 1, 2, 3, 4 order by 3, 1, 2";
        try (Connection c = dataSource.getConnection(); PreparedStatement st = c.prepareStatement(sql)) {
            st.setString(1, bin.toSeconds() + " seconds");
            where.bind(st, 2);
            List<UsageBin> out = new ArrayList<>();
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    out.add(new UsageBin(new TenantId(rs.getObject(1, UUID.class)), rs.getString(2),
                            rs.getObject(3, java.time.OffsetDateTime.class).toInstant(),
                            Currency.getInstance(rs.getString(4).strip()), rs.getLong(5), rs.getLong(6), rs.getLong(7),
                            rs.getLong(8), rs.getBigDecimal(9) == null ? BigDecimal.ZERO : exact(rs.getBigDecimal(9))));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new PersistenceException("could not bin usage from the ledger", e);
        }
    }

    /** The grouped columns, always in the same order (tenant, model, backend, day) so rows read back by position. */
    private static String dimensions(Set<ReportDimension> groupBy, String dayExpression) {
        StringBuilder sb = new StringBuilder();
        if (groupBy.contains(ReportDimension.TENANT)) {
            sb.append("tenant_id, ");
        }
        if (groupBy.contains(ReportDimension.MODEL)) {
            sb.append("model, ");
        }
        if (groupBy.contains(ReportDimension.BACKEND)) {
            sb.append("backend, ");
        }
        if (groupBy.contains(ReportDimension.DAY)) {
            sb.append(dayExpression).append(" as day, ");
        }
        return sb.append('\n').toString();
    }

    /** Groups by the selected dimensions and the currency, by position: money is never summed across currencies. */
    private static String groupClause(Set<ReportDimension> groupBy) {
        StringBuilder sb = new StringBuilder(" group by ");
        for (int i = 1; i <= groupBy.size() + 1; i++) {
            sb.append(i == 1 ? "" : ", ").append(i);
        }
        return sb.toString();
    }

    private List<UsageAggregate> query(String sql, UsageConditions where, Set<ReportDimension> groupBy, String source) {
        try (Connection c = dataSource.getConnection(); PreparedStatement st = c.prepareStatement(sql)) {
            where.bind(st);
            List<UsageAggregate> out = new ArrayList<>();
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    out.add(read(rs, groupBy));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new PersistenceException("could not sum usage from the " + source, e);
        }
    }

    private static UsageAggregate read(ResultSet rs, Set<ReportDimension> groupBy) throws SQLException {
        int i = 1;
        Optional<TenantId> tenant = groupBy.contains(ReportDimension.TENANT)
                ? Optional.of(new TenantId(rs.getObject(i++, UUID.class))) : Optional.empty();
        Optional<String> model = groupBy.contains(ReportDimension.MODEL) ? Optional.of(rs.getString(i++)) : Optional.empty();
        Optional<String> backend = groupBy.contains(ReportDimension.BACKEND) ? Optional.of(rs.getString(i++)) : Optional.empty();
        Optional<LocalDate> day = groupBy.contains(ReportDimension.DAY)
                ? Optional.of(rs.getObject(i++, LocalDate.class)) : Optional.empty();
        return new UsageAggregate(tenant, model, backend, day, Currency.getInstance(rs.getString(i++).strip()),
                rs.getLong(i++), rs.getLong(i++), rs.getLong(i++), rs.getLong(i++), exact(rs.getBigDecimal(i++)),
                exact(rs.getBigDecimal(i)));
    }

    /** Sums of numeric(38,18) come back at scale 18; the same number without the trailing zeros. */
    private static BigDecimal exact(BigDecimal value) {
        return value.signum() == 0 ? BigDecimal.ZERO : value.stripTrailingZeros();
    }
}

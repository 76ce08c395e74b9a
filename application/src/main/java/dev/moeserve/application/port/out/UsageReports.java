package dev.moeserve.application.port.out;

import dev.moeserve.domain.usage.ReportDimension;
import dev.moeserve.domain.usage.UsageAggregate;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Outbound port: usage summed per group. Whole days come from the daily rollup, kept in the same
 * transaction as each ledger row, so their cost does not depend on how many rows the ledger holds.
 */
public interface UsageReports {
    /**
     * Sums of the daily rollup over the UTC days {@code [firstDay, endDay)}, either end open, one
     * aggregate per group of {@code groupBy} and currency.
     */
    List<UsageAggregate> fromRollup(UsageFilter filter, Optional<LocalDate> firstDay, Optional<LocalDate> endDay,
                                    Set<ReportDimension> groupBy);

    /**
     * The same sums over ledger rows started in {@code [from, to)}: for the partial days at the edges
     * of a period, which the daily rollup cannot split.
     */
    List<UsageAggregate> fromLedger(UsageFilter filter, Instant from, Instant to, Set<ReportDimension> groupBy);

    /**
     * Ledger rows started in {@code [from, to)} summed per tenant, model, currency and time bin of
     * {@code bin} (bins aligned to the UTC epoch), for re-pricing past usage.
     */
    List<UsageBin> binned(UsageFilter filter, Instant from, Instant to, java.time.Duration bin);
}

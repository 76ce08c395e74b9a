package dev.moeserve.application.port.out;

import dev.moeserve.domain.tenancy.TenantId;
import dev.moeserve.domain.usage.UsageRecord;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Outbound port: the append-only record of what every request consumed. */
public interface UsageLedger {
    /**
     * Appends one row and, in the same transaction, settles the request's credit reservation (if any):
     * the reservation is released and the charge is drawn, granted credit first. Idempotent by
     * request id: appending the same request again changes nothing.
     *
     * @return false when a row with this request id already existed
     */
    boolean append(UsageRecord record);

    /** The tenant's rows, newest first; {@code offset} rows skipped, at most {@code limit} returned. */
    List<UsageRecord> recent(TenantId tenant, int offset, int limit);

    /**
     * Rows matching {@code filter} that started in {@code [from, to)} (either end open), newest start
     * first; {@code offset} rows skipped, at most {@code limit} returned.
     */
    default List<UsageRecord> rows(UsageFilter filter, Optional<Instant> from, Optional<Instant> to, int offset, int limit) {
        return rows(filter, from, to, UsageOrder.NEWEST, offset, limit);
    }

    /** The same rows in {@code order} (ties broken by ledger position, newest first). */
    List<UsageRecord> rows(UsageFilter filter, Optional<Instant> from, Optional<Instant> to, UsageOrder order,
                           int offset, int limit);
}

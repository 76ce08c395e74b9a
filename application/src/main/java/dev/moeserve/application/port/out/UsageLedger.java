package dev.moeserve.application.port.out;

import dev.moeserve.domain.tenancy.TenantId;
import dev.moeserve.domain.usage.UsageRecord;

import java.util.List;

/** Outbound port: the append-only record of what every request consumed. */
public interface UsageLedger {
    /** Appends one row, atomically with any balance change it implies. */
    void append(UsageRecord record);

    /** The tenant's rows, newest first; {@code offset} rows skipped, at most {@code limit} returned. */
    List<UsageRecord> recent(TenantId tenant, int offset, int limit);
}

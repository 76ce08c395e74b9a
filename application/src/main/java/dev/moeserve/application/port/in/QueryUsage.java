package dev.moeserve.application.port.in;

import dev.moeserve.domain.tenancy.TenantId;
import dev.moeserve.domain.usage.UsageRecord;

import java.util.List;

/** Inbound port: a tenant's own usage rows, newest first, a page at a time. */
public interface QueryUsage {

    int MAX_PAGE_SIZE = 100;

    UsagePage usage(TenantId tenant, int page, int pageSize);

    /** One page of rows; {@code hasMore} tells whether an older page exists. */
    record UsagePage(List<UsageRecord> rows, int page, int pageSize, boolean hasMore) {
    }
}

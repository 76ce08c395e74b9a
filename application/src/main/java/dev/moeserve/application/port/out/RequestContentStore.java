package dev.moeserve.application.port.out;

import dev.moeserve.application.port.in.RequestContent;
import dev.moeserve.domain.tenancy.TenantId;

import java.time.Instant;
import java.util.List;

/** Outbound port: request content retained for tenants that chose to keep it; rows may be deleted, unlike the ledger's. */
public interface RequestContentStore {
    /** Stores one request's content; inside a {@link UnitOfWork} it commits with the request's ledger row. */
    void store(RequestContent content);

    /**
     * The tenant's content not yet due for purging at {@code now}, newest first; {@code offset} rows
     * skipped, at most {@code limit} returned.
     */
    List<RequestContent> ofTenant(TenantId tenant, Instant now, int offset, int limit);

    /** Deletes all content whose purge time is at or before {@code now}; @return how many rows were deleted */
    long purgeExpired(Instant now);
}

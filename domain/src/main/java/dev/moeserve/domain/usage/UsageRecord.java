package dev.moeserve.domain.usage;

import dev.moeserve.domain.tenancy.ApiKeyId;
import dev.moeserve.domain.tenancy.TenantId;

import java.time.Instant;
import java.util.Objects;

/** One row of the usage ledger: what one request consumed, for whom, on which model and backend, and what it cost. */
public record UsageRecord(
        String requestId,
        TenantId tenantId,
        ApiKeyId apiKeyId,
        String model,
        String backend,
        TokenCounts tokens,
        UsageStatus status,
        Instant startedAt,
        Instant finishedAt,
        ChargeSummary charge) {

    public UsageRecord {
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(apiKeyId, "apiKeyId");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(backend, "backend");
        Objects.requireNonNull(tokens, "tokens");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(finishedAt, "finishedAt");
        Objects.requireNonNull(charge, "charge");
        if (finishedAt.isBefore(startedAt)) {
            throw new IllegalArgumentException("a request cannot finish before it starts");
        }
    }
}

package dev.moeserve.adapters.web.admin;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.moeserve.domain.tenancy.ApiKeyRecord;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;

import java.time.Instant;

/** An API key in a listing: its visible prefix and history, never the secret. */
@Serdeable(naming = SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.ALWAYS)
record ApiKeyJson(String id, String tenantId, String prefix, String label, String status, String createdAt,
                  String revokedAt, String lastUsedAt) {
    static ApiKeyJson of(ApiKeyRecord k) {
        return new ApiKeyJson(k.id().toString(), k.tenantId().toString(), k.prefix(), k.label(),
                k.revoked() ? "revoked" : "active", k.createdAt().toString(),
                k.revokedAt().map(Instant::toString).orElse(null), k.lastUsedAt().map(Instant::toString).orElse(null));
    }
}

package dev.moeserve.adapters.web.admin;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.moeserve.adapters.web.wire.Decimals;
import dev.moeserve.domain.tenancy.TenantId;
import dev.moeserve.domain.usage.UsageAggregate;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;

import java.time.LocalDate;

/** One group of a usage report; the dimensions the report is not broken down by are null. */
@Serdeable(naming = SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.ALWAYS)
record ReportRowJson(String tenantId, String model, String backend, String day, String currency, long requests,
                     long promptCacheHitTokens, long promptCacheMissTokens, long completionTokens, long totalTokens,
                     String discount, String total) {
    static ReportRowJson of(UsageAggregate a) {
        return new ReportRowJson(a.tenant().map(TenantId::toString).orElse(null), a.model().orElse(null),
                a.backend().orElse(null), a.day().map(LocalDate::toString).orElse(null), a.currency().getCurrencyCode(),
                a.requests(), a.promptCacheHitTokens(), a.promptCacheMissTokens(), a.completionTokens(), a.totalTokens(),
                Decimals.text(a.discount()), Decimals.text(a.total()));
    }
}

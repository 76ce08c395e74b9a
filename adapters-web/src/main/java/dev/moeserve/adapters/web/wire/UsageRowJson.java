package dev.moeserve.adapters.web.wire;

import dev.moeserve.domain.usage.ChargeSummary;
import dev.moeserve.domain.usage.UsageRecord;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;

/** One usage ledger row on the wire; the same shape for {@code /v1/usage} and {@code /admin/usage}. */
@Serdeable(naming = SnakeCaseStrategy.class)
public record UsageRowJson(
        String requestId,
        String tenantId,
        String apiKeyId,
        String model,
        String backend,
        int promptTokens,
        int promptCacheHitTokens,
        int promptCacheMissTokens,
        int completionTokens,
        int totalTokens,
        String status,
        String priceVersion,
        String promotionId,
        ChargeJson charge,
        String startedAt,
        String finishedAt) {

    /** The charge of a row: exact amounts per class, the discount, and the total (rounded once). */
    @Serdeable(naming = SnakeCaseStrategy.class)
    public record ChargeJson(String inputCacheHit, String inputCacheMiss, String output, String discount, String total,
                             String currency) {
        public static ChargeJson of(ChargeSummary c) {
            return new ChargeJson(Decimals.text(c.inputCacheHit()), Decimals.text(c.inputCacheMiss()),
                    Decimals.text(c.output()), Decimals.text(c.discount()), Decimals.text(c.total()),
                    c.currency().getCurrencyCode());
        }
    }

    public static UsageRowJson of(UsageRecord r) {
        ChargeSummary c = r.charge();
        return new UsageRowJson(r.requestId(), r.tenantId().toString(), r.apiKeyId().toString(), r.model(), r.backend(),
                r.tokens().promptTokens(), r.tokens().promptCacheHitTokens(), r.tokens().promptCacheMissTokens(),
                r.tokens().completionTokens(), r.tokens().totalTokens(), r.status().wireName(),
                c.priceVersion().orElse(null), c.promotionIds().isEmpty() ? null : String.join(",", c.promotionIds()),
                ChargeJson.of(c), r.startedAt().toString(), r.finishedAt().toString());
    }
}

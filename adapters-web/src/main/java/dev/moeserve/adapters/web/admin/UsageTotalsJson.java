package dev.moeserve.adapters.web.admin;

import dev.moeserve.adapters.web.wire.Decimals;
import dev.moeserve.domain.usage.UsageAggregate;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;

import java.util.List;

/**
 * Totals of a usage listing or report: counts over every currency, money per currency (amounts in two
 * currencies are never added together).
 */
@Serdeable(naming = SnakeCaseStrategy.class)
record UsageTotalsJson(long requests, long promptCacheHitTokens, long promptCacheMissTokens, long completionTokens,
                       long totalTokens, List<ChargeTotalJson> charges) {

    @Serdeable(naming = SnakeCaseStrategy.class)
    record ChargeTotalJson(String currency, String discount, String total) {
    }

    /** @param perCurrency one ungrouped aggregate per currency */
    static UsageTotalsJson of(List<UsageAggregate> perCurrency) {
        return new UsageTotalsJson(
                perCurrency.stream().mapToLong(UsageAggregate::requests).sum(),
                perCurrency.stream().mapToLong(UsageAggregate::promptCacheHitTokens).sum(),
                perCurrency.stream().mapToLong(UsageAggregate::promptCacheMissTokens).sum(),
                perCurrency.stream().mapToLong(UsageAggregate::completionTokens).sum(),
                perCurrency.stream().mapToLong(UsageAggregate::totalTokens).sum(),
                perCurrency.stream().map(a -> new ChargeTotalJson(a.currency().getCurrencyCode(),
                        Decimals.text(a.discount()), Decimals.text(a.total()))).toList());
    }
}

package dev.moeserve.adapters.web.admin;

import dev.moeserve.adapters.web.wire.Decimals;
import dev.moeserve.domain.pricing.PriceTier;
import dev.moeserve.domain.pricing.PriceVersion;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;

/**
 * One price version of a model: list prices per million tokens. {@code id} is what ledger rows record as
 * their {@code price_version}; {@code version} counts the model's versions from 1.
 */
@Serdeable(naming = SnakeCaseStrategy.class)
record PriceVersionJson(String id, String model, int version, String currency, String inputCacheHit,
                        String inputCacheMiss, String output, String effectiveFrom) {
    static PriceVersionJson of(PriceVersion v) {
        PriceTier t = v.tier();
        return new PriceVersionJson(t.versionId(), t.modelId(), v.version(), t.currency().getCurrencyCode(),
                Decimals.text(t.prices().inputCacheHit()), Decimals.text(t.prices().inputCacheMiss()),
                Decimals.text(t.prices().output()), t.effectiveFrom().toString());
    }
}

package dev.moeserve.application.port.out;

import dev.moeserve.domain.tenancy.TenantId;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Currency;
import java.util.Objects;

/**
 * Usage of one tenant and model in one short time bin (for re-pricing past usage under another
 * promotion): tokens by class and the total actually charged, in one currency.
 */
public record UsageBin(TenantId tenant, String model, Instant start, Currency currency, long requests,
                       long promptCacheHitTokens, long promptCacheMissTokens, long completionTokens, BigDecimal charged) {
    public UsageBin {
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(currency, "currency");
        Objects.requireNonNull(charged, "charged");
    }
}

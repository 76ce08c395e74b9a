package dev.moeserve.domain.pricing;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Who a request is priced for and when: the model, the tenant, the tenant's plan if it has one,
 * and the instant the request started. Prices and promotions are those in force at
 * {@code startedAt}, however long the request then runs.
 */
public record ChargeContext(String modelId, String tenantId, Optional<String> planId, Instant startedAt) {

    public ChargeContext {
        PriceTier.requireText(modelId, "modelId");
        PriceTier.requireText(tenantId, "tenantId");
        Objects.requireNonNull(planId, "planId");
        Objects.requireNonNull(startedAt, "startedAt");
    }

    /** A tenant without a plan. */
    public static ChargeContext of(String modelId, String tenantId, Instant startedAt) {
        return new ChargeContext(modelId, tenantId, Optional.empty(), startedAt);
    }

    public ChargeContext onPlan(String planId) {
        return new ChargeContext(modelId, tenantId, Optional.of(planId), startedAt);
    }

    /** The same request started at {@code instant}, e.g. to preview what it would cost at another time. */
    public ChargeContext startingAt(Instant instant) {
        return new ChargeContext(modelId, tenantId, planId, instant);
    }
}

package dev.moeserve.domain.pricing;

import java.util.Set;

/**
 * Which requests a promotion is for. Each dimension is a set of ids; an empty set means "all".
 * A request is in scope when every non-empty dimension contains its id (AND across dimensions,
 * OR within one). A plan-scoped promotion never applies to a tenant without a plan.
 */
public record PromotionScope(Set<String> modelIds, Set<String> tenantIds, Set<String> planIds) {

    /** Every model, tenant and plan. */
    public static final PromotionScope ALL = new PromotionScope(Set.of(), Set.of(), Set.of());

    public PromotionScope {
        modelIds = Set.copyOf(modelIds);
        tenantIds = Set.copyOf(tenantIds);
        planIds = Set.copyOf(planIds);
    }

    public static PromotionScope models(String... modelIds) {
        return ALL.withModels(modelIds);
    }

    public static PromotionScope tenants(String... tenantIds) {
        return ALL.withTenants(tenantIds);
    }

    public static PromotionScope plans(String... planIds) {
        return ALL.withPlans(planIds);
    }

    public PromotionScope withModels(String... ids) {
        return new PromotionScope(Set.of(ids), tenantIds, planIds);
    }

    public PromotionScope withTenants(String... ids) {
        return new PromotionScope(modelIds, Set.of(ids), planIds);
    }

    public PromotionScope withPlans(String... ids) {
        return new PromotionScope(modelIds, tenantIds, Set.of(ids));
    }

    public boolean includes(ChargeContext context) {
        return (modelIds.isEmpty() || modelIds.contains(context.modelId()))
                && (tenantIds.isEmpty() || tenantIds.contains(context.tenantId()))
                && (planIds.isEmpty() || context.planId().filter(planIds::contains).isPresent());
    }
}

package dev.moeserve.domain.pricing;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Prices requests: tokens per class times the effective price per class (from the tier in force
 * when the request started and the promotions chosen by {@link BestDiscountPolicy}), exact, rounded
 * once by {@link ChargeRounding}. Stateless and thread-safe.
 */
public final class ChargeCalculator {

    private final BestDiscountPolicy policy;

    public ChargeCalculator() {
        this(new BestDiscountPolicy());
    }

    public ChargeCalculator(BestDiscountPolicy policy) {
        this.policy = Objects.requireNonNull(policy, "policy");
    }

    /**
     * The charge for {@code tokens} at {@code tier}, which must be the version of the context's model
     * in force at {@code context.startedAt()}.
     *
     * @param promotions every promotion that might apply; the policy filters by scope and time
     */
    public Charge charge(BillableTokens tokens, PriceTier tier, Collection<Promotion> promotions, ChargeContext context) {
        Objects.requireNonNull(tokens, "tokens");
        requireInForce(tier, context);
        Map<TokenClass, EffectivePrice> prices = policy.pricesFor(tier, promotions, context);
        List<ChargeLine> lines = new ArrayList<>();
        for (TokenClass tokenClass : TokenClass.values()) {
            lines.add(ChargeLine.of(tokenClass, tokens.of(tokenClass), prices.get(tokenClass)));
        }
        return new Charge(tier.modelId(), tier.versionId(), context.startedAt(), tier.currency(), lines);
    }

    /**
     * The charge at the version of {@code schedule} in force when the request started; empty when the
     * model had no price then (serving it free and flagging it is the caller's decision).
     */
    public Optional<Charge> charge(BillableTokens tokens, PriceSchedule schedule, Collection<Promotion> promotions, ChargeContext context) {
        return schedule.inForceAt(context.startedAt()).map(tier -> charge(tokens, tier, promotions, context));
    }

    /**
     * The most a request can cost before it runs, to reserve against a balance: every prompt token
     * at the dearer of the two effective input prices (the cache-miss price, unless a promotion made
     * misses cheaper than hits) plus {@code maxOutputTokens} at the effective output price, rounded
     * by {@link ChargeRounding}. Because that rule is monotone, the settled {@link #charge} of the
     * same request (same start, any cache-hit split, at most {@code maxOutputTokens} output) is never
     * more than this.
     */
    public Money maximumCost(long promptTokens, long maxOutputTokens, PriceTier tier, Collection<Promotion> promotions, ChargeContext context) {
        if (promptTokens < 0 || maxOutputTokens < 0) {
            throw new IllegalArgumentException("token counts must not be negative: " + promptTokens + ", " + maxOutputTokens);
        }
        requireInForce(tier, context);
        Map<TokenClass, EffectivePrice> prices = policy.pricesFor(tier, promotions, context);
        Money hit = prices.get(TokenClass.INPUT_CACHE_HIT).perMillion();
        Money miss = prices.get(TokenClass.INPUT_CACHE_MISS).perMillion();
        Money dearerInput = hit.isGreaterThan(miss) ? hit : miss;
        Money exact = ChargeLine.amountFor(promptTokens, dearerInput)
                .plus(ChargeLine.amountFor(maxOutputTokens, prices.get(TokenClass.OUTPUT).perMillion()));
        return ChargeRounding.apply(exact);
    }

    private static void requireInForce(PriceTier tier, ChargeContext context) {
        Objects.requireNonNull(tier, "tier");
        Objects.requireNonNull(context, "context");
        if (!tier.modelId().equals(context.modelId())) {
            throw new IllegalArgumentException("tier " + tier.versionId() + " prices " + tier.modelId() + ", not " + context.modelId());
        }
        if (tier.effectiveFrom().isAfter(context.startedAt())) {
            throw new IllegalArgumentException("tier " + tier.versionId() + " takes effect at " + tier.effectiveFrom()
                    + ", after the request started at " + context.startedAt());
        }
    }
}

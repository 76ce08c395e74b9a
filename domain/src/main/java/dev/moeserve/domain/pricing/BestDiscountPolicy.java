package dev.moeserve.domain.pricing;

import java.util.Collection;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The rule for overlapping promotions: <b>the single best discount per token class, stacked only
 * when every candidate consents</b>. For each token class, independently:
 *
 * <ol>
 *   <li><b>Candidates</b> are the promotions that {@linkplain Promotion#appliesTo apply} to the
 *       request (scope, validity window and off-peak windows, all at the request's start) and
 *       have an adjustment for the class that yields a price <em>strictly below</em> the list
 *       price. An adjustment that would keep or raise the price (a fixed replacement price at or
 *       above list, or one in another currency) is ignored for that class: a promotion never
 *       raises a price.</li>
 *   <li>No candidate: the list price ({@link EffectivePrice.AtListPrice}).</li>
 *   <li>Two or more candidates and <em>every</em> one is {@linkplain Promotion#stackable stackable}:
 *       they stack ({@link EffectivePrice.Stacked}). The lowest fixed replacement price among them
 *       (or the list price if none is fixed) is the base, and each percent-off candidate then takes
 *       its percentage off in turn, i.e. the base times the product of {@code (100 - p) / 100}.
 *       Multiplication commutes, so the order does not matter, and the result is never negative
 *       and never above the best single candidate.</li>
 *   <li>Otherwise (one candidate, or any candidate not stackable): the candidate with the lowest
 *       price ({@link EffectivePrice.Promoted}); ties go to the promotion whose name, then id,
 *       sorts first, so the same inputs always name the same promotion in the ledger.</li>
 * </ol>
 *
 * Because the rule runs per class, different classes of one request may be discounted by
 * different promotions. Because stacking needs every candidate's consent, one applicable
 * non-stackable promotion switches stacking off for that class: starting it can leave a class
 * dearer than two stackable promotions made it (the tenant then gets the best single one), but
 * never dearer than the list price.
 */
public final class BestDiscountPolicy {

    private static final Comparator<Promotion> BY_NAME_THEN_ID =
            Comparator.comparing(Promotion::name).thenComparing(Promotion::id);

    /** The effective price of every token class, in {@link TokenClass} order. */
    public Map<TokenClass, EffectivePrice> pricesFor(PriceTier tier, Collection<Promotion> promotions, ChargeContext context) {
        Map<TokenClass, EffectivePrice> prices = new EnumMap<>(TokenClass.class);
        for (TokenClass tokenClass : TokenClass.values()) {
            prices.put(tokenClass, priceFor(tokenClass, tier, promotions, context));
        }
        return prices;
    }

    public EffectivePrice priceFor(TokenClass tokenClass, PriceTier tier, Collection<Promotion> promotions, ChargeContext context) {
        Objects.requireNonNull(tokenClass, "tokenClass");
        Objects.requireNonNull(context, "context");
        Money list = tier.listPrice(tokenClass);
        List<Candidate> candidates = promotions.stream()
                .distinct()
                .filter(promotion -> promotion.appliesTo(context))
                .flatMap(promotion -> promotion.adjustment(tokenClass)
                        .flatMap(adjustment -> adjustment.applyTo(list)
                                .filter(price -> price.isLessThan(list))
                                .map(price -> new Candidate(promotion, adjustment, price)))
                        .stream())
                .sorted(Comparator.comparing(Candidate::price).thenComparing(Candidate::promotion, BY_NAME_THEN_ID))
                .toList();
        if (candidates.isEmpty()) {
            return new EffectivePrice.AtListPrice(list);
        }
        if (candidates.size() >= 2 && candidates.stream().allMatch(c -> c.promotion().stackable())) {
            return new EffectivePrice.Stacked(list, stack(list, candidates),
                    candidates.stream().map(Candidate::promotion).sorted(BY_NAME_THEN_ID).toList());
        }
        Candidate best = candidates.getFirst();
        return new EffectivePrice.Promoted(list, best.price(), best.promotion());
    }

    private static Money stack(Money list, List<Candidate> candidates) {
        Money base = candidates.stream()
                .filter(c -> c.adjustment() instanceof PriceAdjustment.FixedPrice)
                .map(Candidate::price)
                .min(Comparator.naturalOrder())
                .orElse(list);
        for (Candidate candidate : candidates) {
            if (candidate.adjustment() instanceof PriceAdjustment.PercentOff percentOff) {
                base = base.times(percentOff.remainingFactor());
            }
        }
        return base;
    }

    /** A promotion that would lower this class's price, and the price it would charge alone. */
    private record Candidate(Promotion promotion, PriceAdjustment adjustment, Money price) {
    }
}

package dev.moeserve.application.admin;

import dev.moeserve.application.port.in.NewPromotionCommand;
import dev.moeserve.application.port.in.PlanPromotions;
import dev.moeserve.application.port.out.PriceBook;
import dev.moeserve.application.port.out.TenantDirectory;
import dev.moeserve.application.port.out.UsageBin;
import dev.moeserve.application.port.out.UsageFilter;
import dev.moeserve.application.port.out.UsageReports;
import dev.moeserve.domain.operator.Operator;
import dev.moeserve.domain.pricing.BestDiscountPolicy;
import dev.moeserve.domain.pricing.BillableTokens;
import dev.moeserve.domain.pricing.ChargeCalculator;
import dev.moeserve.domain.pricing.ChargeContext;
import dev.moeserve.domain.pricing.EffectivePrice;
import dev.moeserve.domain.pricing.OffPeakWindow;
import dev.moeserve.domain.pricing.PriceAdjustment;
import dev.moeserve.domain.pricing.PriceTier;
import dev.moeserve.domain.pricing.Promotion;
import dev.moeserve.domain.pricing.PromotionScope;
import dev.moeserve.domain.pricing.PromotionWindow;
import dev.moeserve.domain.pricing.TokenClass;
import dev.moeserve.domain.tenancy.TenantId;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Currency;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Previews a promotion before it is saved: its effective prices, and what it would have cost on a past
 * month's usage. The draft is priced by the same {@link BestDiscountPolicy} as real requests, next to
 * the promotions already in the book, so the preview shows exactly what a request would pay.
 */
public final class PromotionPlanning implements PlanPromotions {
    /** Off-peak hours start on quarter hours in practice; past usage is re-priced in bins that fine. */
    static final Duration WHAT_IF_BIN = Duration.ofMinutes(15);
    private static final String DRAFT_ID = "draft";
    private static final String ANY_TENANT = "(any tenant)";

    private final PriceBook priceBook;
    private final TenantDirectory tenants;
    private final UsageReports reports;
    private final Clock clock;
    private final AdminAccess access = new AdminAccess();
    private final BestDiscountPolicy policy = new BestDiscountPolicy();
    private final ChargeCalculator calculator = new ChargeCalculator(policy);

    public PromotionPlanning(PriceBook priceBook, TenantDirectory tenants, UsageReports reports, Clock clock) {
        this.priceBook = priceBook;
        this.tenants = tenants;
        this.reports = reports;
        this.clock = clock;
    }

    @Override
    public DraftPreview preview(Operator operator, NewPromotionCommand draft) {
        access.requireRead(operator);
        Instant start = draft.startsAt().orElseGet(clock::instant);
        Promotion promotion = promotionOf(draft, PromotionWindow.from(start));
        Instant at = firstApplyingInstant(promotion, start);
        List<Promotion> inForce = priceBook.promotionsAt(at);
        List<Promotion> withDraft = new ArrayList<>(inForce);
        withDraft.add(promotion);
        PricedFor pricedFor = pricedFor(draft);
        List<DraftModel> models = new ArrayList<>();
        for (String model : coveredModels(draft)) {
            Optional<PriceTier> tier = priceBook.tierInForce(model, at);
            if (tier.isEmpty()) {
                continue;
            }
            ChargeContext context = new ChargeContext(model, pricedFor.tenant(), pricedFor.plan(), at);
            models.add(new DraftModel(model, tier.get().currency(), policy.pricesFor(tier.get(), inForce, context),
                    policy.pricesFor(tier.get(), withDraft, context)));
        }
        return new DraftPreview(at, models);
    }

    @Override
    public List<ModelPrices> pricesNow(Operator operator) {
        access.requireRead(operator);
        Instant now = clock.instant();
        List<Promotion> inForce = priceBook.promotionsAt(now);
        List<ModelPrices> out = new ArrayList<>();
        for (String model : priceBook.pricedModels()) {
            priceBook.tierInForce(model, now).ifPresent(tier -> out.add(new ModelPrices(model, tier.currency(),
                    policy.pricesFor(tier, inForce, ChargeContext.of(model, ANY_TENANT, now)))));
        }
        return out;
    }

    @Override
    public WhatIf whatIf(Operator operator, NewPromotionCommand draft, YearMonth month) {
        access.requireRead(operator);
        Instant from = month.atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        Instant to = month.plusMonths(1).atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        // as if it had run the whole month: its dates are the question, not part of the answer
        Promotion promotion = promotionOf(draft, PromotionWindow.between(from, to));
        List<Promotion> everPromoted = priceBook.allPromotions();
        Map<TenantId, Optional<String>> plans = new HashMap<>();
        // each model's versions read once: a month holds thousands of bins
        Map<String, List<dev.moeserve.domain.pricing.PriceVersion>> versions = new HashMap<>();
        Map<Currency, long[]> requests = new TreeMap<>(java.util.Comparator.comparing(Currency::getCurrencyCode));
        Map<Currency, BigDecimal[]> sums = new TreeMap<>(java.util.Comparator.comparing(Currency::getCurrencyCode));
        for (UsageBin bin : reports.binned(UsageFilter.ALL, from, to, WHAT_IF_BIN)) {
            BigDecimal[] sum = sums.computeIfAbsent(bin.currency(), c -> new BigDecimal[]{BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO});
            requests.computeIfAbsent(bin.currency(), c -> new long[1])[0] += bin.requests();
            sum[0] = sum[0].add(bin.charged());
            Optional<PriceTier> tier = versions.computeIfAbsent(bin.model(), priceBook::history).stream()
                    .map(dev.moeserve.domain.pricing.PriceVersion::tier)
                    .filter(t -> !t.effectiveFrom().isAfter(bin.start())).findFirst();
            if (tier.isEmpty() || !tier.get().currency().equals(bin.currency())) {
                // served at zero charge then (or priced in another currency): the promotion changes nothing
                continue;
            }
            ChargeContext context = new ChargeContext(bin.model(), bin.tenant().toString(),
                    plans.computeIfAbsent(bin.tenant(), t -> tenants.tenant(t).flatMap(p -> p.limits().plan())), bin.start());
            List<Promotion> then = everPromoted.stream().filter(p -> p.window().contains(bin.start())).toList();
            List<Promotion> thenWithDraft = new ArrayList<>(then);
            thenWithDraft.add(promotion);
            BillableTokens tokens = BillableTokens.of(bin.promptCacheHitTokens(), bin.promptCacheMissTokens(), bin.completionTokens());
            sum[1] = sum[1].add(calculator.charge(tokens, tier.get(), then, context).exactTotal().amount());
            sum[2] = sum[2].add(calculator.charge(tokens, tier.get(), thenWithDraft, context).exactTotal().amount());
        }
        List<WhatIfTotal> totals = sums.entrySet().stream()
                .map(e -> new WhatIfTotal(e.getKey(), requests.get(e.getKey())[0], e.getValue()[0].stripTrailingZeros(),
                        e.getValue()[1].stripTrailingZeros(), e.getValue()[2].stripTrailingZeros()))
                .collect(Collectors.toList());
        return new WhatIf(month, totals);
    }

    /** The draft as the pricing policy sees a stored promotion of the same fields. */
    static Promotion promotionOf(NewPromotionCommand draft, PromotionWindow window) {
        Map<TokenClass, PriceAdjustment> adjustments = new EnumMap<>(TokenClass.class);
        for (TokenClass c : draft.tokenClasses()) {
            adjustments.put(c, new PriceAdjustment.PercentOff(draft.percentOff()));
        }
        PromotionScope scope = new PromotionScope(draft.models(),
                draft.tenants().stream().map(TenantId::toString).collect(Collectors.toSet()), draft.plans());
        List<OffPeakWindow> offPeak = draft.offPeak().map(List::of).orElse(List.of());
        return new Promotion(DRAFT_ID, draft.name(), adjustments, window, offPeak, scope, draft.stackable());
    }

    /** {@code start}, or the first quarter hour after it inside the draft's off-peak hours (within a week). */
    static Instant firstApplyingInstant(Promotion promotion, Instant start) {
        if (promotion.offPeak().isEmpty()) {
            return start;
        }
        Instant t = start;
        Instant limit = start.plus(Duration.ofDays(8));
        while (t.isBefore(limit)) {
            Instant probe = t;
            if (promotion.offPeak().stream().anyMatch(w -> w.contains(probe))) {
                return t;
            }
            t = t.truncatedTo(ChronoUnit.MINUTES).plus(Duration.ofMinutes(15 - t.atZone(ZoneOffset.UTC).getMinute() % 15));
        }
        return start;
    }

    /** Who a preview is priced for: a tenant id (or none) and its plan. */
    private record PricedFor(String tenant, Optional<String> plan) {
    }

    /** Priced for the draft's first tenant or plan when it is scoped to some, else for any tenant. */
    private PricedFor pricedFor(NewPromotionCommand draft) {
        Optional<TenantId> tenant = draft.tenants().stream().sorted(java.util.Comparator.comparing(TenantId::toString)).findFirst();
        Optional<String> plan = draft.plans().stream().sorted().findFirst();
        if (tenant.isPresent() && plan.isEmpty()) {
            plan = tenants.tenant(tenant.get()).flatMap(p -> p.limits().plan());
        }
        return new PricedFor(tenant.map(TenantId::toString).orElse(ANY_TENANT), plan);
    }

    private List<String> coveredModels(NewPromotionCommand draft) {
        if (draft.models().isEmpty()) {
            return List.copyOf(priceBook.pricedModels());
        }
        return draft.models().stream().sorted().toList();
    }
}

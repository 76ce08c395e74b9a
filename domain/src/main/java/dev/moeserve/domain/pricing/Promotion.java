package dev.moeserve.domain.pricing;

import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A named price adjustment for some token classes, valid in a {@link PromotionWindow}, for the
 * requests in its {@link PromotionScope}, and, if it has off-peak windows, only while one of them
 * is open (e.g. DeepSeek's 50% off from 16:30 to 00:30 UTC).
 *
 * <p>Whether it combines with other promotions is decided by {@link BestDiscountPolicy}:
 * {@code stackable} (default false) is this promotion's consent to be combined.
 *
 * @param adjustments the adjustment per token class; classes absent here keep their price
 * @param offPeak     recurring windows the promotion is limited to; empty means all day, every day
 */
public record Promotion(
        String id,
        String name,
        Map<TokenClass, PriceAdjustment> adjustments,
        PromotionWindow window,
        List<OffPeakWindow> offPeak,
        PromotionScope scope,
        boolean stackable) {

    public Promotion {
        PriceTier.requireText(id, "id");
        PriceTier.requireText(name, "name");
        Objects.requireNonNull(adjustments, "adjustments");
        if (adjustments.isEmpty()) {
            throw new IllegalArgumentException("promotion " + name + " adjusts no token class");
        }
        adjustments = Map.copyOf(new EnumMap<>(adjustments));
        Objects.requireNonNull(window, "window");
        offPeak = List.copyOf(offPeak);
        Objects.requireNonNull(scope, "scope");
    }

    /** The same adjustment for each of {@code classes}; all models, tenants and plans; not stackable. */
    public static Promotion of(String id, String name, PriceAdjustment adjustment, PromotionWindow window, TokenClass... classes) {
        Map<TokenClass, PriceAdjustment> adjustments = new EnumMap<>(TokenClass.class);
        for (TokenClass c : classes) {
            adjustments.put(c, adjustment);
        }
        return new Promotion(id, name, adjustments, window, List.of(), PromotionScope.ALL, false);
    }

    /** {@code percent} off each of {@code classes}, e.g. {@code percentOff("p1", "launch", "75", window, INPUT_CACHE_MISS, OUTPUT)}. */
    public static Promotion percentOff(String id, String name, String percent, PromotionWindow window, TokenClass... classes) {
        return of(id, name, PriceAdjustment.percentOff(percent), window, classes);
    }

    public Promotion scopedTo(PromotionScope newScope) {
        return new Promotion(id, name, adjustments, window, offPeak, newScope, stackable);
    }

    public Promotion duringOffPeak(OffPeakWindow... windows) {
        return new Promotion(id, name, adjustments, window, List.of(windows), scope, stackable);
    }

    /** This promotion, consenting to be combined with other stackable promotions. */
    public Promotion asStackable() {
        return new Promotion(id, name, adjustments, window, offPeak, scope, true);
    }

    /** This promotion ended at {@code now}: requests started from {@code now} on pay without it. */
    public Promotion endedAt(Instant now) {
        return new Promotion(id, name, adjustments, window.endedAt(now), offPeak, scope, stackable);
    }

    public Optional<PriceAdjustment> adjustment(TokenClass tokenClass) {
        return Optional.ofNullable(adjustments.get(tokenClass));
    }

    /** In scope, inside the validity window, and inside an off-peak window if it has any. */
    public boolean appliesTo(ChargeContext context) {
        return scope.includes(context)
                && window.contains(context.startedAt())
                && (offPeak.isEmpty() || offPeak.stream().anyMatch(w -> w.contains(context.startedAt())));
    }
}

package dev.moeserve.domain.pricing;

import java.time.Instant;
import java.util.Currency;

/** The issue's own figures, shared by the example tests. */
final class PricingFixtures {
    static final Currency USD = Currency.getInstance("USD");
    static final String MODEL = "deepseek-v4-flash";
    static final String TENANT = "tenant-a";
    static final Instant LISTED = Instant.parse("2026-01-01T00:00:00Z");
    static final Instant PROMOTION_START = Instant.parse("2026-04-24T00:00:00Z");
    static final Instant PROMOTION_END = Instant.parse("2026-05-31T23:59:59Z");
    static final Instant DURING_PROMOTION = Instant.parse("2026-05-15T10:00:00Z");

    /** $0.028 cache hit, $1.74 input (cache miss), $3.48 output per million. */
    static final PriceTier LIST_TIER = new PriceTier(MODEL, "v1", LISTED, USD, TokenPrices.perMillion("0.028", "1.74", "3.48"));

    /** 75% off input and output until 2026-05-31T23:59:59Z. */
    static final Promotion LAUNCH_75 = Promotion.percentOff("promo-75", "launch 75% off", "75",
            PromotionWindow.between(PROMOTION_START, PROMOTION_END), TokenClass.INPUT_CACHE_MISS, TokenClass.OUTPUT);

    static ChargeContext requestAt(Instant startedAt) {
        return ChargeContext.of(MODEL, TENANT, startedAt);
    }

    static Money usd(String amount) {
        return Money.of(amount, "USD");
    }

    private PricingFixtures() {
    }
}

package dev.moeserve.domain.pricing;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Currency;
import java.util.List;

import static dev.moeserve.domain.pricing.PricingFixtures.DURING_PROMOTION;
import static dev.moeserve.domain.pricing.PricingFixtures.LAUNCH_75;
import static dev.moeserve.domain.pricing.PricingFixtures.LISTED;
import static dev.moeserve.domain.pricing.PricingFixtures.LIST_TIER;
import static dev.moeserve.domain.pricing.PricingFixtures.MODEL;
import static dev.moeserve.domain.pricing.PricingFixtures.PROMOTION_END;
import static dev.moeserve.domain.pricing.PricingFixtures.USD;
import static dev.moeserve.domain.pricing.PricingFixtures.requestAt;
import static dev.moeserve.domain.pricing.PricingFixtures.usd;
import static dev.moeserve.domain.pricing.TokenClass.INPUT_CACHE_HIT;
import static dev.moeserve.domain.pricing.TokenClass.INPUT_CACHE_MISS;
import static dev.moeserve.domain.pricing.TokenClass.OUTPUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ChargeCalculatorTest {

    private static final BillableTokens A_MILLION_OF_EACH = BillableTokens.of(1_000_000, 1_000_000, 1_000_000);
    private final ChargeCalculator calculator = new ChargeCalculator();

    @Test
    void theLaunchPromotionCutsInputAndOutputByThreeQuartersAndLeavesCacheHitsAlone() {
        Charge charge = calculator.charge(A_MILLION_OF_EACH, LIST_TIER, List.of(LAUNCH_75), requestAt(DURING_PROMOTION));

        assertThat(charge.line(INPUT_CACHE_HIT).effectivePerMillion()).isEqualTo(usd("0.028"));
        assertThat(charge.line(INPUT_CACHE_MISS).effectivePerMillion()).isEqualTo(usd("0.435"));
        assertThat(charge.line(OUTPUT).effectivePerMillion()).isEqualTo(usd("0.87"));
        assertThat(charge.line(INPUT_CACHE_HIT).promotionNames()).isEmpty();
        assertThat(charge.line(INPUT_CACHE_MISS).promotionNames()).containsExactly("launch 75% off");
        assertThat(charge.line(OUTPUT).promotionNames()).containsExactly("launch 75% off");
        assertThat(charge.total()).isEqualTo(usd("1.333"));
        assertThat(charge.listTotal()).isEqualTo(usd("5.248"));
        assertThat(charge.discount()).isEqualTo(usd("3.915"));
        assertThat(charge.promotions()).containsExactly(LAUNCH_75);
    }

    @Test
    void aRequestStartedJustBeforeThePromotionEndsStillGetsIt() {
        Charge charge = calculator.charge(A_MILLION_OF_EACH, LIST_TIER, List.of(LAUNCH_75), requestAt(PROMOTION_END.minusNanos(1)));
        assertThat(charge.total()).isEqualTo(usd("1.333"));
    }

    @Test
    void promotionEndsExactlyAtItsWindowEnd() {
        Charge charge = calculator.charge(A_MILLION_OF_EACH, LIST_TIER, List.of(LAUNCH_75), requestAt(PROMOTION_END));

        assertThat(charge.line(INPUT_CACHE_HIT).effectivePerMillion()).isEqualTo(usd("0.028"));
        assertThat(charge.line(INPUT_CACHE_MISS).effectivePerMillion()).isEqualTo(usd("1.74"));
        assertThat(charge.line(OUTPUT).effectivePerMillion()).isEqualTo(usd("3.48"));
        assertThat(charge.promotions()).isEmpty();
        assertThat(charge.total()).isEqualTo(usd("5.248"));
        assertThat(charge.discount()).isEqualTo(usd("0"));
    }

    @Test
    void aHundredMillionOutputTokensCost87DollarsAt87CentsAnd1500DollarsAt15() {
        PriceTier cheap = new PriceTier(MODEL, "cheap", LISTED, USD, TokenPrices.perMillion("0", "0", "0.87"));
        PriceTier dear = new PriceTier(MODEL, "dear", LISTED, USD, TokenPrices.perMillion("0", "0", "15"));
        BillableTokens hundredMillionOut = BillableTokens.of(0, 0, 100_000_000);

        assertThat(calculator.charge(hundredMillionOut, cheap, List.of(), requestAt(DURING_PROMOTION)).total()).isEqualTo(usd("87"));
        assertThat(calculator.charge(hundredMillionOut, dear, List.of(), requestAt(DURING_PROMOTION)).total()).isEqualTo(usd("1500"));
        // the same month under the launch promotion: 100M output at 0.87
        assertThat(calculator.charge(hundredMillionOut, LIST_TIER, List.of(LAUNCH_75), requestAt(DURING_PROMOTION)).total())
                .isEqualTo(usd("87"));
    }

    @Test
    void aMonthOfSmallRequestsAddsUpToTheSameAsOneBigOne() {
        Money month = Money.zero(USD);
        for (int day = 0; day < 100; day++) {
            // 100 requests of 1M output tokens each
            month = month.plus(calculator.charge(BillableTokens.of(0, 0, 1_000_000), LIST_TIER, List.of(LAUNCH_75),
                    requestAt(DURING_PROMOTION)).total());
        }
        assertThat(month).isEqualTo(usd("87"));
    }

    @Test
    void theTotalIsRoundedHalfEvenToMicroUnitsOnceWhileThePartsStayExact() {
        Charge tiny = calculator.charge(BillableTokens.of(1, 0, 0), LIST_TIER, List.of(), requestAt(DURING_PROMOTION));
        assertThat(tiny.line(INPUT_CACHE_HIT).amount()).isEqualTo(usd("0.000000028"));
        assertThat(tiny.exactTotal()).isEqualTo(usd("0.000000028"));
        assertThat(tiny.total()).isEqualTo(usd("0"));
        assertThat(tiny.roundingAdjustment()).isEqualTo(usd("-0.000000028"));

        assertThat(totalOfOneOutputTokenAt("0.5")).as("half a micro-unit rounds to even 0").isEqualTo(usd("0"));
        assertThat(totalOfOneOutputTokenAt("1.5")).as("1.5 micro-units round to even 2").isEqualTo(usd("0.000002"));
        assertThat(totalOfOneOutputTokenAt("2.5")).as("2.5 micro-units round to even 2").isEqualTo(usd("0.000002"));
        assertThat(totalOfOneOutputTokenAt("2.5000001")).isEqualTo(usd("0.000003"));
    }

    @Test
    void roundingAppliesToTheRequestNotToEachClass() {
        // each class alone is 0.4 micro-units and would round to nothing; together they make 1.2, which rounds to 1
        PriceTier tier = new PriceTier(MODEL, "v", LISTED, USD, TokenPrices.perMillion("0.4", "0.4", "0.4"));
        Charge charge = calculator.charge(BillableTokens.of(1, 1, 1), tier, List.of(), requestAt(DURING_PROMOTION));
        assertThat(charge.exactTotal()).isEqualTo(usd("0.0000012"));
        assertThat(charge.total()).isEqualTo(usd("0.000001"));
    }

    @Test
    void theChargeSaysWhichPriceVersionAndWhenItWasPriced() {
        Charge charge = calculator.charge(A_MILLION_OF_EACH, LIST_TIER, List.of(), requestAt(DURING_PROMOTION));
        assertThat(charge.priceVersionId()).isEqualTo("v1");
        assertThat(charge.modelId()).isEqualTo(MODEL);
        assertThat(charge.pricedAt()).isEqualTo(DURING_PROMOTION);
        assertThat(charge.currency()).isEqualTo(USD);
        assertThat(charge.tokens()).isEqualTo(A_MILLION_OF_EACH);
    }

    @Test
    void aRequestWithoutTokensCostsNothing() {
        assertThat(calculator.charge(BillableTokens.NONE, LIST_TIER, List.of(LAUNCH_75), requestAt(DURING_PROMOTION)).total())
                .isEqualTo(usd("0"));
    }

    @Test
    void aTierOfAnotherModelOrOneNotYetInForceIsRefused() {
        assertThatThrownBy(() -> calculator.charge(A_MILLION_OF_EACH, LIST_TIER, List.of(),
                ChargeContext.of("other-model", "t", DURING_PROMOTION))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> calculator.charge(A_MILLION_OF_EACH, LIST_TIER, List.of(),
                requestAt(LISTED.minusSeconds(1)))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theMaximumCostPricesTheWholePromptAsCacheMissesAndMaxTokensAsOutput() {
        assertThat(calculator.maximumCost(1_000_000, 1_000_000, LIST_TIER, List.of(), requestAt(DURING_PROMOTION)))
                .isEqualTo(usd("5.22"));
        assertThat(calculator.maximumCost(1_000_000, 1_000_000, LIST_TIER, List.of(LAUNCH_75), requestAt(DURING_PROMOTION)))
                .isEqualTo(usd("1.305"));
    }

    @Test
    void theMaximumCostCoversThePromptAtCacheHitPriceIfAPromotionMadeMissesCheaper() {
        Promotion missesFree = Promotion.percentOff("free-miss", "free misses", "100",
                PromotionWindow.from(LISTED), INPUT_CACHE_MISS);
        Money maximum = calculator.maximumCost(1_000_000, 0, LIST_TIER, List.of(missesFree), requestAt(DURING_PROMOTION));
        assertThat(maximum).isEqualTo(usd("0.028"));
        Charge allHits = calculator.charge(BillableTokens.of(1_000_000, 0, 0), LIST_TIER, List.of(missesFree), requestAt(DURING_PROMOTION));
        assertThat(allHits.total()).isLessThanOrEqualTo(maximum);
    }

    @Test
    void chargesUseTheCurrencyOfTheirTier() {
        PriceTier yuan = new PriceTier(MODEL, "cny-1", LISTED, Currency.getInstance("CNY"),
                TokenPrices.perMillion("0.2", "2", "3"));
        Charge charge = calculator.charge(A_MILLION_OF_EACH, yuan, List.of(LAUNCH_75), requestAt(Instant.parse("2026-05-01T00:00:00Z")));
        assertThat(charge.total()).isEqualTo(Money.of("1.45", "CNY"));
    }

    private Money totalOfOneOutputTokenAt(String perMillion) {
        PriceTier tier = new PriceTier(MODEL, "v", LISTED, USD, TokenPrices.perMillion("0", "0", perMillion));
        return calculator.charge(BillableTokens.of(0, 0, 1), tier, List.of(), requestAt(DURING_PROMOTION)).total();
    }
}

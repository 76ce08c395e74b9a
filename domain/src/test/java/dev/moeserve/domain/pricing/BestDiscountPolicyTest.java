package dev.moeserve.domain.pricing;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static dev.moeserve.domain.pricing.PricingFixtures.DURING_PROMOTION;
import static dev.moeserve.domain.pricing.PricingFixtures.LIST_TIER;
import static dev.moeserve.domain.pricing.PricingFixtures.TENANT;
import static dev.moeserve.domain.pricing.PricingFixtures.requestAt;
import static dev.moeserve.domain.pricing.PricingFixtures.usd;
import static dev.moeserve.domain.pricing.TokenClass.INPUT_CACHE_HIT;
import static dev.moeserve.domain.pricing.TokenClass.INPUT_CACHE_MISS;
import static dev.moeserve.domain.pricing.TokenClass.OUTPUT;
import static org.assertj.core.api.Assertions.assertThat;

class BestDiscountPolicyTest {

    private static final PromotionWindow ALWAYS = PromotionWindow.from(Instant.parse("2026-01-01T00:00:00Z"));
    private static final ChargeContext REQUEST = requestAt(DURING_PROMOTION);
    private final BestDiscountPolicy policy = new BestDiscountPolicy();

    @Test
    void withoutPromotionsEveryClassIsAtListPrice() {
        assertThat(policy.priceFor(OUTPUT, LIST_TIER, List.of(), REQUEST)).isEqualTo(new EffectivePrice.AtListPrice(usd("3.48")));
    }

    @Test
    void ofOverlappingPromotionsTheSingleBestDiscountWins() {
        Promotion half = percentOff("half", "50", OUTPUT);
        Promotion threeQuarters = percentOff("three-quarters", "75", OUTPUT);

        EffectivePrice price = policy.priceFor(OUTPUT, LIST_TIER, List.of(half, threeQuarters), REQUEST);

        assertThat(price).isEqualTo(new EffectivePrice.Promoted(usd("3.48"), usd("0.87"), threeQuarters));
    }

    @Test
    void stackablePromotionsStackOnlyWhenEveryApplicableOneIsStackable() {
        Promotion half = percentOff("half", "50", OUTPUT).asStackable();
        Promotion fifth = percentOff("fifth", "20", OUTPUT).asStackable();

        EffectivePrice stacked = policy.priceFor(OUTPUT, LIST_TIER, List.of(half, fifth), REQUEST);

        // 3.48 * 0.5 * 0.8
        assertThat(stacked).isInstanceOf(EffectivePrice.Stacked.class);
        assertThat(stacked.perMillion()).isEqualTo(usd("1.392"));
        assertThat(stacked.promotions()).containsExactly(fifth, half);
    }

    @Test
    void oneApplicableNonStackablePromotionSwitchesStackingOffForThatClass() {
        Promotion half = percentOff("half", "50", OUTPUT).asStackable();
        Promotion fifth = percentOff("fifth", "20", OUTPUT).asStackable();
        Promotion exclusive = percentOff("exclusive", "55", OUTPUT);

        EffectivePrice price = policy.priceFor(OUTPUT, LIST_TIER, List.of(half, fifth, exclusive), REQUEST);

        // the best single: 3.48 * 0.45 = 1.566, even though half and fifth alone would stack to 3.48 * 0.4 = 1.392
        assertThat(price).isEqualTo(new EffectivePrice.Promoted(usd("3.48"), usd("1.566"), exclusive));
    }

    @Test
    void aNonStackablePromotionThatDoesNotApplyDoesNotStopOthersStacking() {
        Promotion half = percentOff("half", "50", OUTPUT).asStackable();
        Promotion fifth = percentOff("fifth", "20", OUTPUT).asStackable();
        Promotion otherTenants = percentOff("others", "90", OUTPUT).scopedTo(PromotionScope.tenants("tenant-b"));
        Promotion otherClass = percentOff("inputs", "90", INPUT_CACHE_MISS);

        EffectivePrice price = policy.priceFor(OUTPUT, LIST_TIER, List.of(half, fifth, otherTenants, otherClass), REQUEST);

        assertThat(price.perMillion()).isEqualTo(usd("1.392"));
    }

    @Test
    void stackingStartsFromTheLowestFixedPriceThenTakesEachPercentageOff() {
        Promotion fixedTwo = fixed("two", "2.00", OUTPUT).asStackable();
        Promotion fixedOne = fixed("one", "1.00", OUTPUT).asStackable();
        Promotion half = percentOff("half", "50", OUTPUT).asStackable();

        EffectivePrice price = policy.priceFor(OUTPUT, LIST_TIER, List.of(fixedTwo, fixedOne, half), REQUEST);

        assertThat(price.perMillion()).isEqualTo(usd("0.50"));
    }

    @Test
    void eachTokenClassGetsItsOwnBestPromotion() {
        Promotion outputOnly = percentOff("output-75", "75", OUTPUT);
        Promotion inputAndOutput = percentOff("all-50", "50", INPUT_CACHE_MISS, OUTPUT);

        var prices = policy.pricesFor(LIST_TIER, List.of(outputOnly, inputAndOutput), REQUEST);

        assertThat(prices.get(INPUT_CACHE_HIT)).isEqualTo(new EffectivePrice.AtListPrice(usd("0.028")));
        assertThat(prices.get(INPUT_CACHE_MISS).promotions()).containsExactly(inputAndOutput);
        assertThat(prices.get(INPUT_CACHE_MISS).perMillion()).isEqualTo(usd("0.87"));
        assertThat(prices.get(OUTPUT).promotions()).containsExactly(outputOnly);
        assertThat(prices.get(OUTPUT).perMillion()).isEqualTo(usd("0.87"));
    }

    @Test
    void aFixedReplacementPriceAboveListIsIgnoredForThatClass() {
        Promotion flatOne = fixed("flat-one", "1.00", INPUT_CACHE_HIT, INPUT_CACHE_MISS, OUTPUT);

        var prices = policy.pricesFor(LIST_TIER, List.of(flatOne), REQUEST);

        assertThat(prices.get(INPUT_CACHE_HIT)).isEqualTo(new EffectivePrice.AtListPrice(usd("0.028")));
        assertThat(prices.get(INPUT_CACHE_MISS).perMillion()).isEqualTo(usd("1.00"));
        assertThat(prices.get(OUTPUT).perMillion()).isEqualTo(usd("1.00"));
    }

    @Test
    void aFixedPriceInAnotherCurrencyIsNotApplied() {
        Promotion yuan = Promotion.of("cny", "yuan price", PriceAdjustment.fixedPrice(Money.of("0.5", "CNY")), ALWAYS, OUTPUT);
        assertThat(policy.priceFor(OUTPUT, LIST_TIER, List.of(yuan), REQUEST)).isInstanceOf(EffectivePrice.AtListPrice.class);
    }

    @Test
    void equallyGoodPromotionsAreSettledByNameSoTheLedgerIsDeterministic() {
        Promotion beta = percentOff("beta", "50", OUTPUT);
        Promotion alpha = percentOff("alpha", "50", OUTPUT);
        assertThat(policy.priceFor(OUTPUT, LIST_TIER, List.of(beta, alpha), REQUEST).promotions()).containsExactly(alpha);
        assertThat(policy.priceFor(OUTPUT, LIST_TIER, List.of(alpha, beta), REQUEST).promotions()).containsExactly(alpha);
    }

    @Test
    void aTenantScopedPromotionIsTheBestOnlyForThatTenant() {
        Promotion vip = percentOff("vip", "90", OUTPUT).scopedTo(PromotionScope.tenants(TENANT));
        Promotion everyone = percentOff("everyone", "50", OUTPUT);

        assertThat(policy.priceFor(OUTPUT, LIST_TIER, List.of(vip, everyone), REQUEST).promotions()).containsExactly(vip);
        ChargeContext otherTenant = ChargeContext.of(REQUEST.modelId(), "tenant-b", REQUEST.startedAt());
        assertThat(policy.priceFor(OUTPUT, LIST_TIER, List.of(vip, everyone), otherTenant).promotions()).containsExactly(everyone);
    }

    private static Promotion percentOff(String name, String percent, TokenClass... classes) {
        return Promotion.percentOff(name, name, percent, ALWAYS, classes);
    }

    private static Promotion fixed(String name, String perMillion, TokenClass... classes) {
        return Promotion.of(name, name, PriceAdjustment.fixedPrice(usd(perMillion)), ALWAYS, classes);
    }
}

package dev.moeserve.domain.pricing;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;

import static dev.moeserve.domain.pricing.PricingFixtures.DURING_PROMOTION;
import static dev.moeserve.domain.pricing.PricingFixtures.LAUNCH_75;
import static dev.moeserve.domain.pricing.PricingFixtures.MODEL;
import static dev.moeserve.domain.pricing.PricingFixtures.PROMOTION_END;
import static dev.moeserve.domain.pricing.PricingFixtures.PROMOTION_START;
import static dev.moeserve.domain.pricing.PricingFixtures.TENANT;
import static dev.moeserve.domain.pricing.PricingFixtures.requestAt;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PromotionTest {

    @Test
    void promotionAppliesFromItsStartInclusiveToItsEndExclusive() {
        assertThat(LAUNCH_75.appliesTo(requestAt(PROMOTION_START.minusNanos(1)))).isFalse();
        assertThat(LAUNCH_75.appliesTo(requestAt(PROMOTION_START))).isTrue();
        assertThat(LAUNCH_75.appliesTo(requestAt(PROMOTION_END.minusNanos(1)))).isTrue();
        assertThat(LAUNCH_75.appliesTo(requestAt(PROMOTION_END))).isFalse();
    }

    @Test
    void anEmptyScopeMeansEveryModelTenantAndPlan() {
        assertThat(LAUNCH_75.appliesTo(ChargeContext.of("any-model", "any-tenant", DURING_PROMOTION).onPlan("any-plan"))).isTrue();
    }

    @Test
    void aScopedPromotionAppliesOnlyWhenEveryNamedDimensionMatches() {
        Promotion forTenantOnModel = LAUNCH_75.scopedTo(PromotionScope.models(MODEL).withTenants(TENANT));
        assertThat(forTenantOnModel.appliesTo(requestAt(DURING_PROMOTION))).isTrue();
        assertThat(forTenantOnModel.appliesTo(ChargeContext.of(MODEL, "tenant-b", DURING_PROMOTION))).isFalse();
        assertThat(forTenantOnModel.appliesTo(ChargeContext.of("other-model", TENANT, DURING_PROMOTION))).isFalse();
    }

    @Test
    void aPlanScopedPromotionNeverAppliesToATenantWithoutAPlan() {
        Promotion forGold = LAUNCH_75.scopedTo(PromotionScope.plans("gold", "platinum"));
        assertThat(forGold.appliesTo(requestAt(DURING_PROMOTION))).isFalse();
        assertThat(forGold.appliesTo(requestAt(DURING_PROMOTION).onPlan("gold"))).isTrue();
        assertThat(forGold.appliesTo(requestAt(DURING_PROMOTION).onPlan("free"))).isFalse();
    }

    @Test
    void anOffPeakPromotionAppliesOnlyWhileAnOffPeakWindowIsOpen() {
        Promotion offPeak = Promotion.percentOff("off-peak", "off-peak 50%", "50",
                        PromotionWindow.from(Instant.parse("2026-01-01T00:00:00Z")), TokenClass.values())
                .duringOffPeak(OffPeakWindow.daily(LocalTime.of(16, 30), LocalTime.of(0, 30), ZoneOffset.UTC));
        assertThat(offPeak.appliesTo(requestAt(Instant.parse("2026-05-15T16:29:59Z")))).isFalse();
        assertThat(offPeak.appliesTo(requestAt(Instant.parse("2026-05-15T16:30:00Z")))).isTrue();
        assertThat(offPeak.appliesTo(requestAt(Instant.parse("2026-05-16T00:29:59Z")))).isTrue();
        assertThat(offPeak.appliesTo(requestAt(Instant.parse("2026-05-16T00:30:00Z")))).isFalse();
    }

    @Test
    void endingAPromotionNowStopsItForRequestsStartingFromNow() {
        Instant now = DURING_PROMOTION;
        Promotion ended = LAUNCH_75.endedAt(now);
        assertThat(ended.window().end()).isEqualTo(now);
        assertThat(ended.appliesTo(requestAt(now.minusNanos(1)))).isTrue();
        assertThat(ended.appliesTo(requestAt(now))).isFalse();
    }

    @Test
    void endingAPromotionNeverExtendsItAndEndingItBeforeItStartsLeavesItEmpty() {
        assertThat(LAUNCH_75.endedAt(PROMOTION_END.plusSeconds(3600)).window().end()).isEqualTo(PROMOTION_END);
        Promotion neverRan = LAUNCH_75.endedAt(PROMOTION_START.minusSeconds(3600));
        assertThat(neverRan.window().isEmpty()).isTrue();
        assertThat(neverRan.appliesTo(requestAt(PROMOTION_START))).isFalse();
    }

    @Test
    void percentOffMustBeMoreThanNothingAndAtMostEverything() {
        assertThatThrownBy(() -> PriceAdjustment.percentOff("0")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PriceAdjustment.percentOff("100.01")).isInstanceOf(IllegalArgumentException.class);
        assertThat(PriceAdjustment.percentOff("100")).isInstanceOf(PriceAdjustment.PercentOff.class);
    }

    @Test
    void aPromotionMustAdjustAtLeastOneTokenClass() {
        assertThatThrownBy(() -> Promotion.percentOff("p", "nothing", "10", PromotionWindow.from(PROMOTION_START)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void promotionsAreNotStackableUnlessTheySaySo() {
        assertThat(LAUNCH_75.stackable()).isFalse();
        assertThat(LAUNCH_75.asStackable().stackable()).isTrue();
    }
}

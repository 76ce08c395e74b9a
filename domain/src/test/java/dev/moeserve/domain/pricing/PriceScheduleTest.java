package dev.moeserve.domain.pricing;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static dev.moeserve.domain.pricing.PricingFixtures.LISTED;
import static dev.moeserve.domain.pricing.PricingFixtures.LIST_TIER;
import static dev.moeserve.domain.pricing.PricingFixtures.MODEL;
import static dev.moeserve.domain.pricing.PricingFixtures.USD;
import static dev.moeserve.domain.pricing.PricingFixtures.requestAt;
import static dev.moeserve.domain.pricing.PricingFixtures.usd;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PriceScheduleTest {

    private static final Instant CHANGE = Instant.parse("2026-06-01T00:00:00Z");
    private static final PriceTier V2 = new PriceTier(MODEL, "v2", CHANGE, USD, TokenPrices.perMillion("0.07", "0.27", "1.10"));
    private static final PriceSchedule HISTORY = PriceSchedule.empty(MODEL)
            .revisedBy(LIST_TIER, LISTED)
            .revisedBy(V2, Instant.parse("2026-05-20T00:00:00Z"));

    @Test
    void theVersionInForceIsTheLatestThatTookEffectAtOrBeforeTheInstant() {
        assertThat(HISTORY.inForceAt(LISTED.minusNanos(1))).isEmpty();
        assertThat(HISTORY.inForceAt(LISTED)).contains(LIST_TIER);
        assertThat(HISTORY.inForceAt(CHANGE.minusNanos(1))).contains(LIST_TIER);
        assertThat(HISTORY.inForceAt(CHANGE)).contains(V2);
        assertThat(HISTORY.latest()).contains(V2);
    }

    @Test
    void aRequestStartedBeforeANewVersionIsChargedAtTheOldVersion() {
        ChargeCalculator calculator = new ChargeCalculator();
        BillableTokens tokens = BillableTokens.of(0, 1_000_000, 1_000_000);

        Charge startedJustBefore = calculator.charge(tokens, HISTORY, List.of(), requestAt(CHANGE.minusMillis(1))).orElseThrow();
        Charge startedAtChange = calculator.charge(tokens, HISTORY, List.of(), requestAt(CHANGE)).orElseThrow();

        assertThat(startedJustBefore.priceVersionId()).isEqualTo("v1");
        assertThat(startedJustBefore.total()).isEqualTo(usd("5.22"));
        assertThat(startedAtChange.priceVersionId()).isEqualTo("v2");
        assertThat(startedAtChange.total()).isEqualTo(usd("1.37"));
    }

    @Test
    void aModelWithNoVersionInForceHasNoCharge() {
        assertThat(new ChargeCalculator().charge(BillableTokens.of(1, 1, 1), PriceSchedule.empty(MODEL), List.of(), requestAt(CHANGE)))
                .isEmpty();
    }

    @Test
    void aChangeAddsAVersionAndLeavesTheEarlierOnesAsTheyWere() {
        assertThat(HISTORY.versions()).containsExactly(LIST_TIER, V2);
        PriceSchedule before = PriceSchedule.empty(MODEL).revisedBy(LIST_TIER, LISTED);
        before.revisedBy(V2, LISTED);
        assertThat(before.versions()).containsExactly(LIST_TIER);
    }

    @Test
    void aNewVersionCannotTakeEffectInThePastBecauseThatWouldRepriceHistory() {
        assertThatThrownBy(() -> HISTORY.revisedBy(
                new PriceTier(MODEL, "v3", CHANGE.plusSeconds(60), USD, TokenPrices.perMillion("0", "0", "0")), CHANGE.plusSeconds(61)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("re-price");
    }

    @Test
    void aNewVersionMustTakeEffectAfterTheLatestOne() {
        PriceTier sameInstant = new PriceTier(MODEL, "v3", CHANGE, USD, TokenPrices.perMillion("0", "0", "0"));
        assertThatThrownBy(() -> HISTORY.revisedBy(sameInstant, LISTED)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void versionsOfAnotherModelOrWithAReusedIdAreRefused() {
        PriceTier otherModel = new PriceTier("other", "v3", CHANGE.plusSeconds(1), USD, TokenPrices.perMillion("0", "0", "0"));
        PriceTier reusedId = new PriceTier(MODEL, "v1", CHANGE.plusSeconds(1), USD, TokenPrices.perMillion("0", "0", "0"));
        assertThatThrownBy(() -> HISTORY.revisedBy(otherModel, CHANGE)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> HISTORY.revisedBy(reusedId, CHANGE)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void negativePricesAreRefused() {
        assertThatThrownBy(() -> TokenPrices.perMillion("-0.01", "1", "1")).isInstanceOf(IllegalArgumentException.class);
    }
}

package dev.moeserve.domain.pricing;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.math.RoundingMode;

import static dev.moeserve.domain.pricing.PricingFixtures.usd;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MoneyTest {

    @Test
    void amountsThatAreNumericallyEqualAreEqualWhateverTheirScale() {
        assertThat(usd("0.435000")).isEqualTo(usd("0.435")).hasSameHashCodeAs(usd("0.435"));
        assertThat(usd("87.000000").amount()).isEqualTo(new BigDecimal("87"));
    }

    @Test
    void printsInPlainNotationNeverScientific() {
        assertThat(usd("1500.00")).hasToString("1500 USD");
        assertThat(usd("0.000000028")).hasToString("0.000000028 USD");
    }

    @Test
    void arithmeticIsExact() {
        assertThat(usd("1.74").times(new BigDecimal("0.25"))).isEqualTo(usd("0.435"));
        assertThat(usd("0.1").plus(usd("0.2"))).isEqualTo(usd("0.3"));
        assertThat(usd("0.0000005").rounded(6, RoundingMode.HALF_EVEN)).isEqualTo(usd("0"));
    }

    @Test
    void mixingCurrenciesIsRefused() {
        assertThatThrownBy(() -> usd("1").plus(Money.of("1", "CNY"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> usd("1").compareTo(Money.of("1", "CNY"))).isInstanceOf(IllegalArgumentException.class);
    }
}

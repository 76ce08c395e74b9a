package dev.moeserve.domain.tenancy;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.Currency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CreditBalanceTest {
    private static CreditBalance balance(String granted, String toppedUp, String reserved) {
        return new CreditBalance(Currency.getInstance("USD"), new BigDecimal(granted), new BigDecimal(toppedUp), new BigDecimal(reserved));
    }

    @Test
    void grantedCreditIsSpentBeforeToppedUpCredit() {
        CreditBalance.Drawdown d = balance("0.30", "1.00", "0").draw(new BigDecimal("0.40"));
        assertThat(d.fromGranted()).isEqualByComparingTo("0.30");
        assertThat(d.fromToppedUp()).isEqualByComparingTo("0.10");
    }

    @Test
    void aChargeWithinGrantedCreditLeavesToppedUpCreditAlone() {
        CreditBalance.Drawdown d = balance("5", "1", "0").draw(new BigDecimal("2"));
        assertThat(d.fromGranted()).isEqualByComparingTo("2");
        assertThat(d.fromToppedUp()).isEqualByComparingTo("0");
    }

    @Test
    void availableCreditExcludesWhatRunningRequestsHold() {
        assertThat(balance("1", "2", "0.5").available()).isEqualByComparingTo("2.5");
    }

    @Test
    void aChargeBeyondTheBalanceIsRefused() {
        assertThatThrownBy(() -> balance("0.1", "0.1", "0").draw(new BigDecimal("0.3")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("exceeds");
    }
}

package dev.moeserve.adapters.web.admin;

import dev.moeserve.adapters.web.wire.Decimals;
import dev.moeserve.domain.tenancy.CreditBalance;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;

/**
 * A tenant's credit in one currency, named as in {@code /v1/balance}: {@code total_balance} is what is left
 * to spend (granted plus topped-up, less what running requests hold in {@code reserved_balance}).
 */
@Serdeable(naming = SnakeCaseStrategy.class)
record BalanceJson(String currency, String totalBalance, String grantedBalance, String toppedUpBalance,
                   String reservedBalance) {
    static BalanceJson of(CreditBalance b) {
        return new BalanceJson(b.currency().getCurrencyCode(), Decimals.text(b.available()), Decimals.text(b.granted()),
                Decimals.text(b.toppedUp()), Decimals.text(b.reserved()));
    }
}

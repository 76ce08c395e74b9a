package dev.moeserve.application.port.out;

import dev.moeserve.domain.pricing.Money;
import dev.moeserve.domain.tenancy.CreditBalance;
import dev.moeserve.domain.tenancy.TenantId;

import java.util.List;

/**
 * Outbound port: prepaid credit. A request holds its maximum cost with {@link #reserve} before it
 * runs; {@link UsageLedger#append} settles it atomically with the ledger row.
 */
public interface CreditAccounts {
    /**
     * Holds {@code amount} for {@code requestId} when the tenant's available balance covers it.
     *
     * @return false, holding nothing, when it does not
     */
    boolean reserve(TenantId tenant, String requestId, Money amount);

    List<CreditBalance> balances(TenantId tenant);
}

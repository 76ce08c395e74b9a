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

    /**
     * Adds credit given, not paid for (trial, promotional); it is spent before topped-up credit.
     *
     * @param by who added it, recorded with the movement
     * @return the balance in that currency afterwards
     */
    CreditBalance grant(TenantId tenant, Money amount, String by);

    /** Adds credit paid for; @return the balance in that currency afterwards */
    CreditBalance topUp(TenantId tenant, Money amount, String by);
}

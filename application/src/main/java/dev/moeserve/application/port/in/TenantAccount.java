package dev.moeserve.application.port.in;

import dev.moeserve.domain.tenancy.CreditBalance;
import dev.moeserve.domain.tenancy.TenantProfile;

import java.util.List;
import java.util.Objects;

/** A tenant as an operator sees it: its profile (status, plan, limits) and its credit per currency. */
public record TenantAccount(TenantProfile profile, List<CreditBalance> balances) {
    public TenantAccount {
        Objects.requireNonNull(profile, "profile");
        balances = List.copyOf(balances);
    }
}

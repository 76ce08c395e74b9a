package dev.moeserve.application.port.in;

import dev.moeserve.domain.tenancy.CreditBalance;
import dev.moeserve.domain.tenancy.TenantId;

import java.util.List;

/** Inbound port: the calling tenant's own prepaid credit, per currency. */
public interface QueryBalance {
    List<CreditBalance> balances(TenantId tenant);
}

package dev.moeserve.adapters.web.admin;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.moeserve.application.port.in.TenantAccount;
import dev.moeserve.domain.tenancy.TenantProfile;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;

import java.util.List;
import java.util.OptionalInt;

/**
 * A tenant as the admin API shows it: status, plan, limits, balances, and for how many days its request
 * content is retained ({@code content_retention_days}; null: none is stored).
 */
@Serdeable(naming = SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.ALWAYS)
record TenantJson(String id, String object, String name, String status, String plan, String createdAt, LimitsJson limits,
                  List<BalanceJson> balances, Integer contentRetentionDays) {
    static TenantJson of(TenantAccount account) {
        TenantProfile p = account.profile();
        OptionalInt retention = p.contentRetention().days();
        return new TenantJson(p.id().toString(), "tenant", p.name(), p.status().wireName(), p.limits().plan().orElse(null),
                p.createdAt().toString(), LimitsJson.of(p.limits()), account.balances().stream().map(BalanceJson::of).toList(),
                retention.isPresent() ? retention.getAsInt() : null);
    }
}

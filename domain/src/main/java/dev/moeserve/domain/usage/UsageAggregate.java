package dev.moeserve.domain.usage;

import dev.moeserve.domain.tenancy.TenantId;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Currency;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Usage summed over many ledger rows of one currency: requests, tokens by class, discount and charged
 * total. The dimensions a report is not broken down by are empty. Money is never summed across
 * currencies, so a group spanning two currencies is two aggregates.
 */
public record UsageAggregate(
        Optional<TenantId> tenant,
        Optional<String> model,
        Optional<String> backend,
        Optional<LocalDate> day,
        Currency currency,
        long requests,
        long promptCacheHitTokens,
        long promptCacheMissTokens,
        long completionTokens,
        BigDecimal discount,
        BigDecimal total) {

    public UsageAggregate {
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(backend, "backend");
        Objects.requireNonNull(day, "day");
        Objects.requireNonNull(currency, "currency");
        Objects.requireNonNull(discount, "discount");
        Objects.requireNonNull(total, "total");
        if (requests < 0 || promptCacheHitTokens < 0 || promptCacheMissTokens < 0 || completionTokens < 0) {
            throw new IllegalArgumentException("usage counts must not be negative");
        }
    }

    /** Which group this aggregate belongs to: its dimensions and currency. */
    public List<Object> groupKey() {
        return List.of(tenant, model, backend, day, currency);
    }

    /** This group's figures plus another's of the same group. */
    public UsageAggregate plus(UsageAggregate other) {
        if (!groupKey().equals(other.groupKey())) {
            throw new IllegalArgumentException("cannot add usage of different groups: " + groupKey() + " and " + other.groupKey());
        }
        return new UsageAggregate(tenant, model, backend, day, currency,
                requests + other.requests,
                promptCacheHitTokens + other.promptCacheHitTokens,
                promptCacheMissTokens + other.promptCacheMissTokens,
                completionTokens + other.completionTokens,
                discount.add(other.discount),
                total.add(other.total));
    }

    /** The same figures with every dimension dropped: the building block of a report's totals. */
    public UsageAggregate ungrouped() {
        return new UsageAggregate(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), currency,
                requests, promptCacheHitTokens, promptCacheMissTokens, completionTokens, discount, total);
    }

    public long totalTokens() {
        return promptCacheHitTokens + promptCacheMissTokens + completionTokens;
    }
}

package dev.moeserve.application.port.in;

import dev.moeserve.domain.pricing.OffPeakWindow;
import dev.moeserve.domain.pricing.TokenClass;
import dev.moeserve.domain.tenancy.TenantId;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Start a promotion: {@code percentOff} percent off each of {@code tokenClasses}, for requests that
 * start in {@code [startsAt, endsAt)} (from now when {@code startsAt} is empty; until ended when
 * {@code endsAt} is empty), limited to the given models, tenants and plans (empty = all) and, if
 * {@code offPeak} is given, to those recurring hours.
 *
 * @param stackable consents to be combined with other stackable promotions (see BestDiscountPolicy)
 */
public record NewPromotionCommand(String name, BigDecimal percentOff, Set<TokenClass> tokenClasses, Set<String> models,
                                  Set<TenantId> tenants, Set<String> plans, Optional<Instant> startsAt,
                                  Optional<Instant> endsAt, boolean stackable, Optional<OffPeakWindow> offPeak) {

    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    public NewPromotionCommand {
        name = Fields.text(name, "name", 200);
        if (percentOff == null) {
            throw Fields.missing("percent_off");
        }
        if (percentOff.signum() <= 0 || percentOff.compareTo(HUNDRED) > 0) {
            throw Fields.invalid("percent_off", "must be more than 0 and at most 100, got " + percentOff.toPlainString() + ".");
        }
        if (percentOff.stripTrailingZeros().scale() > 6) {
            throw Fields.invalid("percent_off", "at most 6 decimal places.");
        }
        if (tokenClasses == null || tokenClasses.isEmpty()) {
            throw Fields.missing("token_classes");
        }
        tokenClasses = Set.copyOf(tokenClasses);
        models = Set.copyOf(models);
        for (String model : models) {
            if (model.isBlank()) {
                throw Fields.invalid("models", "model ids must not be blank.");
            }
        }
        tenants = Set.copyOf(tenants);
        plans = Set.copyOf(plans);
        Objects.requireNonNull(startsAt, "startsAt");
        Objects.requireNonNull(endsAt, "endsAt");
        if (startsAt.isPresent() && endsAt.isPresent() && !endsAt.get().isAfter(startsAt.get())) {
            throw Fields.invalid("ends_at", "must be after starts_at (" + startsAt.get() + "), got " + endsAt.get() + ".");
        }
        Objects.requireNonNull(offPeak, "offPeak");
    }
}

package dev.moeserve.adapters.web.admin;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.moeserve.adapters.web.wire.Decimals;
import dev.moeserve.domain.pricing.OffPeakWindow;
import dev.moeserve.domain.pricing.PriceAdjustment;
import dev.moeserve.domain.pricing.Promotion;
import dev.moeserve.domain.pricing.TokenClass;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;

import java.time.DayOfWeek;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * A promotion as the admin API shows it. {@code ends_at} is null for one that runs until ended;
 * {@code active} says whether its window contains the moment of the answer (off-peak hours aside).
 */
@Serdeable(naming = SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.ALWAYS)
record PromotionJson(String id, String object, String name, String percentOff, List<String> tokenClasses,
                     List<String> models, List<String> tenants, List<String> plans, String startsAt, String endsAt,
                     boolean stackable, OffPeakJson offPeak, boolean active) {

    @Serdeable(naming = SnakeCaseStrategy.class)
    record OffPeakJson(List<String> days, String start, String end, String zone) {
        static OffPeakJson of(OffPeakWindow w) {
            return new OffPeakJson(w.days().stream().sorted().map(d -> d.name().toLowerCase(Locale.ROOT)).toList(),
                    w.start().toString(), w.end().toString(), w.zone().getId());
        }
    }

    static PromotionJson of(Promotion p, Instant now) {
        // promotions stored through the admin API take one percentage off each of their classes
        String percent = p.adjustments().values().stream()
                .filter(a -> a instanceof PriceAdjustment.PercentOff)
                .map(a -> Decimals.text(((PriceAdjustment.PercentOff) a).percent()))
                .findFirst().orElse(null);
        return new PromotionJson(p.id(), "promotion", p.name(), percent,
                p.adjustments().keySet().stream().sorted().map(TokenClass::wireName).toList(),
                p.scope().modelIds().stream().sorted().toList(),
                p.scope().tenantIds().stream().sorted().toList(),
                p.scope().planIds().stream().sorted().toList(),
                p.window().start().toString(),
                p.window().end().equals(Instant.MAX) ? null : p.window().end().toString(),
                p.stackable(),
                p.offPeak().isEmpty() ? null : OffPeakJson.of(p.offPeak().getFirst()),
                p.window().contains(now));
    }

    /** Parses {@code "monday"} etc. for the request side. */
    static DayOfWeek day(String name, String field) {
        try {
            return DayOfWeek.valueOf(name.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw AdminBody.invalid(field, "'" + name + "' is not a day of the week such as \"monday\".");
        }
    }
}

package dev.moeserve.adapters.web.console;

import dev.moeserve.application.port.in.NewPromotionCommand;
import dev.moeserve.domain.pricing.OffPeakWindow;
import dev.moeserve.domain.pricing.TokenClass;
import dev.moeserve.domain.tenancy.TenantId;

import java.time.DayOfWeek;
import java.time.LocalTime;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/** The console's promotion form as a {@link NewPromotionCommand}: the same command the admin API builds. */
final class PromotionForm {
    private PromotionForm() {
    }

    static NewPromotionCommand command(FormData form) {
        Set<TokenClass> classes = EnumSet.noneOf(TokenClass.class);
        for (String name : form.all("token_classes")) {
            try {
                classes.add(TokenClass.fromWireName(name));
            } catch (IllegalArgumentException e) {
                throw ConsoleInput.invalid("token classes", "'" + name + "' is not a token class.");
            }
        }
        Set<TenantId> tenants = new LinkedHashSet<>();
        for (String id : form.all("tenants")) {
            tenants.add(ConsoleInput.tenant(id, "tenants"));
        }
        return new NewPromotionCommand(
                form.text("name").orElseThrow(() -> ConsoleInput.missing("name")),
                ConsoleInput.decimal(form, "percent_off").orElseThrow(() -> ConsoleInput.missing("percent off")),
                classes,
                new LinkedHashSet<>(form.all("models")),
                tenants,
                new LinkedHashSet<>(form.all("plans")),
                ConsoleInput.instant(form, "starts_at"),
                ConsoleInput.instant(form, "ends_at"),
                form.checked("stackable"),
                offPeak(form));
    }

    /** Off-peak hours when a start and an end are given; days default to every day. */
    private static Optional<OffPeakWindow> offPeak(FormData form) {
        Optional<LocalTime> start = ConsoleInput.time(form, "off_peak_start");
        Optional<LocalTime> end = ConsoleInput.time(form, "off_peak_end");
        if (start.isEmpty() && end.isEmpty()) {
            return Optional.empty();
        }
        if (start.isEmpty() || end.isEmpty()) {
            throw ConsoleInput.invalid(start.isEmpty() ? "off-peak start" : "off-peak end",
                    "off-peak hours need both a start and an end.");
        }
        if (start.get().equals(end.get())) {
            throw ConsoleInput.invalid("off-peak end", "must differ from the start.");
        }
        Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
        for (String day : form.all("off_peak_days")) {
            try {
                days.add(DayOfWeek.valueOf(day.toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw ConsoleInput.invalid("off-peak days", "'" + day + "' is not a day of the week.");
            }
        }
        if (days.isEmpty()) {
            days = EnumSet.allOf(DayOfWeek.class);
        }
        return Optional.of(OffPeakWindow.on(days, start.get(), end.get(), ConsoleInput.zone(form, "off_peak_zone")));
    }
}

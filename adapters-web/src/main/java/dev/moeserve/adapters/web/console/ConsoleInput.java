package dev.moeserve.adapters.web.console;

import dev.moeserve.application.error.ApplicationException;
import dev.moeserve.domain.tenancy.TenantId;

import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.UUID;

/** Typed values from console form fields, with refusals that name the field as it is labelled. */
final class ConsoleInput {
    private ConsoleInput() {
    }

    static ApplicationException invalid(String field, String why) {
        return ApplicationException.invalidRequest("invalid_value", "Invalid value for '" + field + "': " + why);
    }

    static ApplicationException missing(String field) {
        return ApplicationException.invalidRequest("missing_field", "'" + field + "' is required.");
    }

    static Optional<BigDecimal> decimal(FormData form, String field) {
        return form.text(field).map(text -> {
            try {
                return new BigDecimal(text);
            } catch (NumberFormatException e) {
                throw invalid(field, "'" + text + "' is not a number.");
            }
        });
    }

    static Optional<Integer> whole(FormData form, String field) {
        return form.text(field).map(text -> {
            try {
                return Integer.parseInt(text);
            } catch (NumberFormatException e) {
                throw invalid(field, "'" + text + "' is not a whole number.");
            }
        });
    }

    /**
     * A browser's {@code datetime-local} value ({@code 2026-05-31T23:59}) read as UTC, as the form says;
     * an ISO instant with a zone ({@code ...Z}, {@code +08:00}) or a date alone are taken too.
     */
    static Optional<Instant> instant(FormData form, String field) {
        return form.text(field).map(text -> instant(text, field));
    }

    static Instant instant(String text, String field) {
        try {
            if (text.length() == 10) {
                return LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant();
            }
            if (text.endsWith("Z") || text.matches(".*[+-]\\d\\d:\\d\\d$")) {
                return OffsetDateTime.parse(text).toInstant();
            }
            return LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            throw invalid(field, "'" + text + "' is not a date and time such as 2026-05-31T23:59 (UTC).");
        }
    }

    static Optional<LocalTime> time(FormData form, String field) {
        return form.text(field).map(text -> {
            try {
                return LocalTime.parse(text);
            } catch (DateTimeParseException e) {
                throw invalid(field, "'" + text + "' is not a time of day such as 16:30.");
            }
        });
    }

    static ZoneId zone(FormData form, String field) {
        String text = form.textOr(field, "UTC");
        try {
            return ZoneId.of(text);
        } catch (DateTimeException e) {
            throw invalid(field, "'" + text + "' is not a time zone such as UTC or Asia/Shanghai.");
        }
    }

    /** A query parameter as given, or null when absent or blank (templates show null as an empty field). */
    static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    /** An ISO 4217 code, default USD. */
    static java.util.Currency currency(FormData form, String field) {
        String code = form.textOr(field, "USD").toUpperCase(java.util.Locale.ROOT);
        try {
            return java.util.Currency.getInstance(code);
        } catch (IllegalArgumentException e) {
            throw invalid(field, "'" + code + "' is not an ISO 4217 currency code.");
        }
    }

    static TenantId tenant(String text, String field) {
        try {
            return new TenantId(UUID.fromString(text.strip()));
        } catch (IllegalArgumentException e) {
            throw invalid(field, "'" + text + "' is not a tenant id (a UUID).");
        }
    }

    static Optional<TenantId> optionalTenant(FormData form, String field) {
        return form.text(field).map(t -> tenant(t, field));
    }
}

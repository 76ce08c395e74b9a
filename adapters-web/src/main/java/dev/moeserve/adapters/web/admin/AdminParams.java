package dev.moeserve.adapters.web.admin;

import dev.moeserve.application.error.ApplicationException;
import dev.moeserve.domain.tenancy.ApiKeyId;
import dev.moeserve.domain.tenancy.TenantId;
import dev.moeserve.domain.usage.ReportDimension;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** Path and query parameters of the admin API, parsed with refusals that name the parameter. */
final class AdminParams {
    private AdminParams() {
    }

    /** A tenant id in a path: anything that is not one names no tenant, hence 404 rather than 400. */
    static TenantId tenantInPath(String id) {
        return uuid(id).map(TenantId::new).orElseThrow(() ->
                ApplicationException.notFound("tenant_not_found", "No tenant with id '" + id + "'."));
    }

    static ApiKeyId keyInPath(String id) {
        return uuid(id).map(ApiKeyId::new).orElseThrow(() ->
                ApplicationException.notFound("key_not_found", "No API key with id '" + id + "'."));
    }

    /** A tenant id in a query or body, where a malformed one is the client's mistake: 400. */
    static TenantId tenant(String text, String field) {
        return uuid(text.strip()).map(TenantId::new).orElseThrow(() ->
                AdminBody.invalid(field, "'" + text + "' is not a tenant id (a UUID)."));
    }

    static Optional<TenantId> optionalTenant(String text, String field) {
        return blank(text) ? Optional.empty() : Optional.of(tenant(text, field));
    }

    /**
     * An instant: ISO-8601 with {@code Z} or an offset ({@code 2026-05-31T23:59:59Z}), or a date
     * ({@code 2026-05-31}) meaning its start in UTC.
     */
    static Instant instant(String text, String field) {
        String t = text.strip();
        try {
            if (t.length() == 10) {
                return LocalDate.parse(t).atStartOfDay(ZoneOffset.UTC).toInstant();
            }
            return OffsetDateTime.parse(t).toInstant();
        } catch (DateTimeParseException e) {
            throw AdminBody.invalid(field, "'" + text + "' is neither an ISO-8601 instant such as 2026-05-31T23:59:59Z"
                    + " nor a date such as 2026-05-31.");
        }
    }

    static Optional<Instant> optionalInstant(String text, String field) {
        return blank(text) ? Optional.empty() : Optional.of(instant(text, field));
    }

    /** A period from {@code from}/{@code to}, or the calendar month {@code month} (UTC); not both. */
    record Period(Optional<Instant> from, Optional<Instant> to) {
    }

    static Period period(String from, String to, String month) {
        if (blank(month)) {
            return new Period(optionalInstant(from, "from"), optionalInstant(to, "to"));
        }
        if (!blank(from) || !blank(to)) {
            throw AdminBody.invalid("month", "give either 'month' or 'from'/'to', not both.");
        }
        YearMonth m;
        try {
            m = YearMonth.parse(month.strip());
        } catch (DateTimeParseException e) {
            throw AdminBody.invalid("month", "'" + month + "' is not a month such as 2026-05.");
        }
        return new Period(Optional.of(m.atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant()),
                Optional.of(m.plusMonths(1).atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant()));
    }

    /** A comma-separated list of report dimensions; blank means no breakdown (totals only). */
    static Set<ReportDimension> groupBy(String text) {
        Set<ReportDimension> dims = EnumSet.noneOf(ReportDimension.class);
        if (blank(text)) {
            return dims;
        }
        for (String part : text.split(",")) {
            String name = part.strip();
            dims.add(ReportDimension.fromWireName(name).orElseThrow(() -> AdminBody.invalid("group_by",
                    "'" + name + "' is not one of tenant, model, day, backend.")));
        }
        return dims;
    }

    /** A positive page number or size from the query, {@code fallback} when absent. */
    static int positive(String text, String field, int fallback) {
        if (blank(text)) {
            return fallback;
        }
        try {
            return Integer.parseInt(text.strip());
        } catch (NumberFormatException e) {
            throw AdminBody.invalid(field, "'" + text + "' is not an integer.");
        }
    }

    static Optional<String> optionalText(String text) {
        return blank(text) ? Optional.empty() : Optional.of(text.strip());
    }

    private static boolean blank(String text) {
        return text == null || text.isBlank();
    }

    private static Optional<UUID> uuid(String text) {
        try {
            UUID uuid = UUID.fromString(text);
            // UUID.fromString accepts short forms like "1-1-1-1-1"; only the canonical spelling names an id
            return uuid.toString().equalsIgnoreCase(text) ? Optional.of(uuid) : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}

package dev.moeserve.adapters.web.console;

import dev.moeserve.application.error.ApplicationException;
import dev.moeserve.application.port.in.QueryUsageReports;
import dev.moeserve.application.port.in.UsageQuery;
import dev.moeserve.application.port.out.UsageOrder;
import dev.moeserve.domain.usage.ReportDimension;
import dev.moeserve.domain.usage.UsageAggregate;
import dev.moeserve.domain.usage.UsageRecord;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.json.JsonMapper;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The usage dashboard: charts of tokens per class, revenue and cache-hit ratio per day, and revenue by
 * model, tenant and backend (drawn in the browser by Chart.js from the JSON this page embeds), over the
 * ledger rows in a table that pages and sorts on the server.
 */
@Controller("/console/usage")
@ExecuteOn(TaskExecutors.BLOCKING)
@Produces(MediaType.TEXT_HTML)
final class ConsoleUsageController {
    private static final int PAGE_SIZE = 50;
    private static final int TOP_GROUPS = 10;

    private final ConsoleAccess access;
    private final QueryUsageReports reports;
    private final JsonMapper json;
    private final Clock clock;

    ConsoleUsageController(ConsoleAccess access, QueryUsageReports reports, JsonMapper json, Clock clock) {
        this.access = access;
        this.reports = reports;
        this.json = json;
        this.clock = clock;
    }

    @Get
    HttpResponse<?> page(HttpRequest<?> request, @Nullable @QueryValue String tenant, @Nullable @QueryValue String model,
                         @Nullable @QueryValue String backend, @Nullable @QueryValue String from,
                         @Nullable @QueryValue String to, @Nullable @QueryValue String sort, @Nullable @QueryValue Integer page) {
        ConsoleAccess.Signed signed = access.reader(request);
        LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
        Map<String, Object> filters = new LinkedHashMap<>();
        filters.put("tenant", ConsoleInput.blankToNull(tenant));
        filters.put("model", ConsoleInput.blankToNull(model));
        filters.put("backend", ConsoleInput.blankToNull(backend));
        filters.put("from", from == null || from.isBlank() ? today.minusDays(29).toString() : from.strip());
        filters.put("to", to == null || to.isBlank() ? today.toString() : to.strip());
        UsageOrder order = UsageOrder.fromWireName(sort == null ? "" : sort).orElse(UsageOrder.NEWEST);
        filters.put("sort", order.wireName());
        int pageNumber = page == null || page < 1 ? 1 : page;
        ConsoleView view = ConsoleView.page("console/usage", signed, "usage").with("filters", filters).with("page", pageNumber);
        try {
            // "to" is a day shown inclusively: the query runs to the start of the next day
            Instant start = ConsoleInput.instant((String) filters.get("from"), "from");
            Instant end = LocalDate.parse((String) filters.get("to")).plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
            UsageQuery query = new UsageQuery(
                    Optional.ofNullable((String) filters.get("tenant")).map(t -> ConsoleInput.tenant(t, "tenant")),
                    Optional.ofNullable((String) filters.get("model")), Optional.ofNullable((String) filters.get("backend")),
                    Optional.of(start), Optional.of(end));
            QueryUsageReports.UsageListing listing = reports.usage(signed.operator(), query, order, pageNumber, PAGE_SIZE);
            Map<String, Object> charts = new LinkedHashMap<>();
            charts.put("days", days(reports.report(signed.operator(), query, Set.of(ReportDimension.DAY)).groups()));
            charts.put("byModel", groups(reports.report(signed.operator(), query, Set.of(ReportDimension.MODEL)).groups(),
                    a -> a.model().orElse("")));
            charts.put("byTenant", groups(reports.report(signed.operator(), query, Set.of(ReportDimension.TENANT)).groups(),
                    a -> a.tenant().map(Object::toString).orElse("")));
            charts.put("byBackend", groups(reports.report(signed.operator(), query, Set.of(ReportDimension.BACKEND)).groups(),
                    a -> a.backend().orElse("")));
            return view.with("rows", listing.rows().stream().map(ConsoleUsageController::row).toList())
                    .with("hasMore", listing.hasMore())
                    .with("totals", listing.totals().stream().map(ConsoleUsageController::total).toList())
                    .with("chartData", write(charts))
                    .with("sorts", sorts(filters)).ok();
        } catch (ApplicationException | java.time.format.DateTimeParseException e) {
            ApplicationException refusal = e instanceof ApplicationException a ? a
                    : ConsoleInput.invalid("to", "'" + filters.get("to") + "' is not a date such as 2026-05-31.");
            return view.with("rows", List.of()).with("hasMore", false).with("totals", List.of()).with("chartData", "{}")
                    .with("sorts", sorts(filters)).refused(refusal);
        }
    }

    /** Per UTC day: tokens by class, revenue and the share of prompt tokens served from the cache. */
    private static List<Map<String, Object>> days(List<UsageAggregate> groups) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (UsageAggregate a : groups) {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("day", a.day().map(LocalDate::toString).orElse(""));
            d.put("currency", a.currency().getCurrencyCode());
            d.put("hit", a.promptCacheHitTokens());
            d.put("miss", a.promptCacheMissTokens());
            d.put("output", a.completionTokens());
            d.put("revenue", a.total().doubleValue());
            d.put("hitRatio", hitRatio(a));
            out.add(d);
        }
        return out;
    }

    private static List<Map<String, Object>> groups(List<UsageAggregate> groups, java.util.function.Function<UsageAggregate, String> label) {
        return groups.stream().sorted(Comparator.comparing(UsageAggregate::total).reversed()).limit(TOP_GROUPS).map(a -> {
            Map<String, Object> g = new LinkedHashMap<>();
            g.put("label", label.apply(a) + " (" + a.currency().getCurrencyCode() + ")");
            g.put("revenue", a.total().doubleValue());
            g.put("tokens", a.totalTokens());
            g.put("hitRatio", hitRatio(a));
            return g;
        }).toList();
    }

    private static double hitRatio(UsageAggregate a) {
        long prompt = a.promptCacheHitTokens() + a.promptCacheMissTokens();
        return prompt == 0 ? 0 : BigDecimal.valueOf(a.promptCacheHitTokens())
                .divide(BigDecimal.valueOf(prompt), 4, RoundingMode.HALF_EVEN).doubleValue();
    }

    private static Map<String, Object> row(UsageRecord r) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("requestId", r.requestId());
        row.put("tenant", r.tenantId().toString());
        row.put("model", r.model());
        row.put("backend", r.backend());
        row.put("started", ConsoleView.when(r.startedAt()));
        row.put("status", r.status().wireName());
        row.put("prompt", r.tokens().promptTokens());
        row.put("hit", r.tokens().promptCacheHitTokens());
        row.put("completion", r.tokens().completionTokens());
        row.put("total", ConsoleView.money(r.charge().total()) + " " + r.charge().currency().getCurrencyCode());
        row.put("promotions", String.join(", ", r.charge().promotionIds()));
        return row;
    }

    private static Map<String, Object> total(UsageAggregate a) {
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("currency", a.currency().getCurrencyCode());
        t.put("requests", a.requests());
        t.put("hit", a.promptCacheHitTokens());
        t.put("miss", a.promptCacheMissTokens());
        t.put("output", a.completionTokens());
        t.put("discount", ConsoleView.money(a.discount()));
        t.put("revenue", ConsoleView.money(a.total()));
        t.put("hitRatio", String.format(java.util.Locale.ROOT, "%.1f%%", hitRatio(a) * 100));
        return t;
    }

    /** For each sortable column: the sort its header link asks for (toggling when it is the current one). */
    private static Map<String, String> sorts(Map<String, Object> filters) {
        String current = (String) filters.get("sort");
        Map<String, String> links = new LinkedHashMap<>();
        links.put("started", current.equals("newest") ? "oldest" : "newest");
        links.put("total", current.equals("total_highest") ? "total_lowest" : "total_highest");
        links.put("tokens", current.equals("tokens_most") ? "tokens_fewest" : "tokens_most");
        return links;
    }

    private String write(Object value) {
        try {
            // "<" only occurs inside JSON strings; escaped, no text can close the <script> element it sits in
            return json.writeValueAsString(value).replace("<", "\\u003c");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

}

package dev.moeserve.adapters.web.admin;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.moeserve.adapters.web.wire.UsageRowJson;
import dev.moeserve.application.port.in.AuthenticateOperator;
import dev.moeserve.application.port.in.QueryUsageReports;
import dev.moeserve.application.port.in.UsageQuery;
import dev.moeserve.domain.operator.AdminAccessPolicy;
import dev.moeserve.domain.operator.Operator;
import dev.moeserve.domain.usage.ReportDimension;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;

import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * {@code /admin/usage}: usage across tenants, for admins and auditors. Periods are {@code [from, to)},
 * each an ISO-8601 instant or a date (its start in UTC), or {@code month=2026-05}; totals come from the
 * daily rollup (plus the ledger rows of partial edge days), never from a scan of the whole ledger.
 */
@Controller("/admin/usage")
@ExecuteOn(TaskExecutors.BLOCKING)
final class AdminUsageController {
    private final AuthenticateOperator authenticate;
    private final QueryUsageReports reports;

    AdminUsageController(AuthenticateOperator authenticate, QueryUsageReports reports) {
        this.authenticate = authenticate;
        this.reports = reports;
    }

    /** Ledger rows (newest first, the {@code /v1/usage} row shape) and the totals of every matching row. */
    @Get
    UsageList usage(@Nullable @Header(HttpHeaders.AUTHORIZATION) String authorization,
                    @Nullable @QueryValue String tenant, @Nullable @QueryValue String model,
                    @Nullable @QueryValue String backend, @Nullable @QueryValue String from,
                    @Nullable @QueryValue String to, @Nullable @QueryValue String month,
                    @Nullable @QueryValue String page, @Nullable @QueryValue String limit) {
        Operator operator = authenticate.authenticate(AdminBearer.from(authorization), AdminAccessPolicy.Action.READ);
        UsageQuery query = query(tenant, model, backend, from, to, month);
        QueryUsageReports.UsageListing listing = reports.usage(operator, query, AdminParams.positive(page, "page", 1),
                AdminParams.positive(limit, "limit", 100));
        return new UsageList("list", listing.rows().stream().map(UsageRowJson::of).toList(),
                UsageTotalsJson.of(listing.totals()), listing.page(), listing.pageSize(), listing.hasMore());
    }

    /**
     * Usage summed per {@code group_by} (any of tenant, model, day, backend, comma-separated; none gives
     * totals only) and currency, with totals.
     */
    @Get("/report")
    UsageReportJson report(@Nullable @Header(HttpHeaders.AUTHORIZATION) String authorization,
                           @Nullable @QueryValue String tenant, @Nullable @QueryValue String model,
                           @Nullable @QueryValue String backend, @Nullable @QueryValue String from,
                           @Nullable @QueryValue String to, @Nullable @QueryValue String month,
                           @Nullable @QueryValue("group_by") String groupBy) {
        Operator operator = authenticate.authenticate(AdminBearer.from(authorization), AdminAccessPolicy.Action.READ);
        UsageQuery query = query(tenant, model, backend, from, to, month);
        Set<ReportDimension> dimensions = AdminParams.groupBy(groupBy);
        QueryUsageReports.UsageReport report = reports.report(operator, query, dimensions);
        return new UsageReportJson(
                dimensions.stream().sorted().map(ReportDimension::wireName).toList(),
                query.from().map(Instant::toString).orElse(null),
                query.to().map(Instant::toString).orElse(null),
                report.groups().stream().map(ReportRowJson::of).toList(),
                UsageTotalsJson.of(report.totals()));
    }

    private static UsageQuery query(String tenant, String model, String backend, String from, String to, String month) {
        AdminParams.Period period = AdminParams.period(from, to, month);
        return new UsageQuery(AdminParams.optionalTenant(tenant, "tenant"), AdminParams.optionalText(model),
                AdminParams.optionalText(backend), period.from(), period.to());
    }

    @Serdeable(naming = SnakeCaseStrategy.class)
    record UsageList(String object, List<UsageRowJson> data, UsageTotalsJson totals, int page, int limit,
                     boolean hasMore) {
    }

    @Serdeable(naming = SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record UsageReportJson(List<String> groupBy, String from, String to, List<ReportRowJson> data,
                           UsageTotalsJson totals) {
    }
}

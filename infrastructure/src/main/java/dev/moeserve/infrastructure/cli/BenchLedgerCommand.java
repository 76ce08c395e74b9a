package dev.moeserve.infrastructure.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.zaxxer.hikari.HikariDataSource;
import dev.moeserve.application.admin.UsageReporting;
import dev.moeserve.application.port.in.QueryUsageReports;
import dev.moeserve.application.port.in.UsageQuery;
import dev.moeserve.domain.operator.Operator;
import dev.moeserve.domain.operator.OperatorRole;
import dev.moeserve.domain.tenancy.ApiKeyId;
import dev.moeserve.domain.tenancy.TenantId;
import dev.moeserve.domain.usage.ReportDimension;
import dev.moeserve.infrastructure.db.DatabaseLocation;
import dev.moeserve.infrastructure.persistence.LedgerBulkLoader;
import dev.moeserve.infrastructure.persistence.PersistenceException;
import dev.moeserve.infrastructure.persistence.PostgresTenantDirectory;
import dev.moeserve.infrastructure.persistence.PostgresUsageLedger;
import dev.moeserve.infrastructure.persistence.PostgresUsageReports;
import org.flywaydb.core.Flyway;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * {@code ./moeserve bench-ledger --rows 1000000 [--tenants 1000] [--json]}: fills a ledger with synthetic
 * usage through the real schema (hash chain and daily rollup included), then times the admin API's two
 * headline reports through the same use case the API calls: one tenant's monthly summary and one month's
 * revenue by model. The target is under 100 ms each.
 */
@Command(name = "bench-ledger", mixinStandardHelpOptions = true,
        description = "Fill a usage ledger with synthetic rows and time a tenant's monthly summary and a month's "
                + "revenue report (embedded PostgreSQL in a temporary folder unless DATASOURCES_DEFAULT_URL or --jdbc-url is set).")
final class BenchLedgerCommand implements Callable<Integer> {
    private static final double TARGET_MS = 100;
    /** The synthetic ledger covers these months; the reports look at the middle one. */
    private static final YearMonth FIRST_MONTH = YearMonth.of(2026, 1);

    @Spec
    private CommandSpec spec;

    @Option(names = "--rows", defaultValue = "1000000", description = "Ledger rows to write (default ${DEFAULT-VALUE}).")
    private long rows;

    @Option(names = "--tenants", defaultValue = "1000", description = "Tenants the rows are spread over (default ${DEFAULT-VALUE}).")
    private int tenants;

    @Option(names = "--months", defaultValue = "3", description = "Months the rows are spread over, from 2026-01 (default ${DEFAULT-VALUE}).")
    private int months;

    @Option(names = "--runs", defaultValue = "7", description = "Timed runs of each report, after one warm-up (default ${DEFAULT-VALUE}).")
    private int runs;

    @Option(names = "--seed", defaultValue = "42", description = "Seed of the synthetic data (default ${DEFAULT-VALUE}).")
    private long seed;

    @Option(names = "--jdbc-url", paramLabel = "URL",
            description = "PostgreSQL to fill; its ledger must be empty. Default: DATASOURCES_DEFAULT_URL, else an embedded one in a temporary folder.")
    private String jdbcUrl;

    @Option(names = "--json", description = "Print the figures as one JSON object.")
    private boolean json;

    @Override
    public Integer call() {
        if (rows < 1 || tenants < 1 || months < 2 || runs < 1) {
            return CliJson.fail(spec, "bench-ledger", "--rows, --tenants and --runs must be at least 1, --months at least 2");
        }
        Path home = null;
        DatabaseLocation location = null;
        try {
            String url = jdbcUrl;
            String where = "PostgreSQL at --jdbc-url";
            if (url == null) {
                home = Files.createTempDirectory("moeserve-bench-ledger");
                location = DatabaseLocation.resolve(home);
                url = location.jdbcUrl();
                where = location.describe();
            }
            progress("database: " + where);
            try (HikariDataSource dataSource = dataSource(url)) {
                Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
                requireEmptyLedger(dataSource);
                return run(dataSource, where);
            }
        } catch (IllegalStateException | PersistenceException e) {
            return CliJson.fail(spec, "bench-ledger", e.getMessage());
        } catch (IOException e) {
            return CliJson.fail(spec, "bench-ledger", "could not create a temporary folder: " + e.getMessage());
        } finally {
            if (location != null) {
                location.close();
            }
            if (home != null) {
                deleteQuietly(home);
            }
        }
    }

    private int run(HikariDataSource dataSource, String where) {
        Instant from = FIRST_MONTH.atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        Instant to = FIRST_MONTH.plusMonths(months).atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        SyntheticUsage usage = new SyntheticUsage(tenants, from, to, seed);
        LedgerBulkLoader loader = new LedgerBulkLoader(dataSource);

        long t0 = System.nanoTime();
        loader.createTenants(usage.tenants().stream().map(TenantId::value).toList(),
                usage.keys().stream().map(ApiKeyId::value).toList(), "bench-tenant-" + seed + "-");
        progress("filling " + rows + " rows over " + tenants + " tenants, " + FIRST_MONTH + " to " + FIRST_MONTH.plusMonths(months - 1) + "...");
        LedgerBulkLoader.Loaded loaded = loader.load(usage.rows(rows, seed));
        analyze(dataSource);
        double fillSeconds = (System.nanoTime() - t0) / 1e9;

        // the use case behind GET /admin/usage/report, over the same adapters the server wires
        QueryUsageReports reports = new UsageReporting(new PostgresUsageLedger(dataSource), new PostgresUsageReports(dataSource),
                new PostgresTenantDirectory(dataSource));
        Operator auditor = new Operator("bench-ledger", OperatorRole.AUDITOR);
        YearMonth month = FIRST_MONTH.plusMonths(months / 2);
        Optional<Instant> monthStart = Optional.of(month.atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant());
        Optional<Instant> monthEnd = Optional.of(month.plusMonths(1).atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant());
        UsageQuery tenantMonth = new UsageQuery(Optional.of(usage.heaviestTenant()), Optional.empty(), Optional.empty(),
                monthStart, monthEnd);
        UsageQuery wholeMonth = new UsageQuery(Optional.empty(), Optional.empty(), Optional.empty(), monthStart, monthEnd);

        Timing summary = time(() -> reports.report(auditor, tenantMonth, EnumSet.of(ReportDimension.DAY, ReportDimension.MODEL)));
        Timing revenue = time(() -> reports.report(auditor, wholeMonth, EnumSet.of(ReportDimension.MODEL)));
        // not in the target: one line per tenant, so it reads every tenant's daily rows of the month
        Timing byTenant = time(() -> reports.report(auditor, wholeMonth, EnumSet.of(ReportDimension.TENANT)));
        QueryUsageReports.UsageReport revenueReport = reports.report(auditor, wholeMonth, Set.of(ReportDimension.MODEL));

        print(where, loaded, fillSeconds, month, usage.heaviestTenant(), new Timings(summary, revenue, byTenant), revenueReport);
        return 0;
    }

    /** Medians and all runs of one report, in milliseconds. */
    private record Timing(double median, List<Double> runs) {
    }

    private record Timings(Timing tenantSummary, Timing revenueByModel, Timing revenueByTenant) {
        boolean targetMet() {
            return tenantSummary.median() < TARGET_MS && revenueByModel.median() < TARGET_MS;
        }
    }

    private Timing time(Supplier<?> report) {
        report.get();
        List<Double> millis = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            long t = System.nanoTime();
            report.get();
            millis.add((System.nanoTime() - t) / 1e6);
        }
        List<Double> sorted = millis.stream().sorted(Comparator.naturalOrder()).toList();
        int n = sorted.size();
        double median = n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
        return new Timing(median, millis);
    }

    private void print(String where, LedgerBulkLoader.Loaded loaded, double fillSeconds, YearMonth month, TenantId tenant,
                       Timings timings, QueryUsageReports.UsageReport revenueReport) {
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            ObjectMapper mapper = new ObjectMapper();
            ObjectNode root = mapper.createObjectNode();
            root.put("rows", loaded.rows());
            root.put("tenants", tenants);
            root.put("months", months);
            root.put("daily_rollup_rows", loaded.rollupRows());
            root.put("fill_seconds", round(fillSeconds));
            root.put("database", where);
            root.put("report_month", month.toString());
            root.put("summary_tenant", tenant.toString());
            timing(root.putObject("tenant_monthly_summary_ms"), timings.tenantSummary());
            timing(root.putObject("monthly_revenue_by_model_ms"), timings.revenueByModel());
            timing(root.putObject("monthly_revenue_by_tenant_ms"), timings.revenueByTenant());
            root.put("target_ms", TARGET_MS);
            root.put("target_met", timings.targetMet());
            var models = root.putArray("revenue_by_model");
            revenueReport.groups().forEach(g -> models.addObject()
                    .put("model", g.model().orElse(null))
                    .put("currency", g.currency().getCurrencyCode())
                    .put("requests", g.requests())
                    .put("total", g.total().toPlainString()));
            out.println(root);
        } else {
            out.printf("bench-ledger: %,d rows over %d tenants and %d months (%,d daily rollup rows), filled in %.1f s%n",
                    loaded.rows(), tenants, months, loaded.rollupRows(), fillSeconds);
            out.printf("  database: %s%n", where);
            out.printf("  tenant monthly summary (heaviest tenant, %s, by day and model): median %.2f ms over %d runs%n",
                    month, timings.tenantSummary().median(), runs);
            out.printf("  monthly revenue report (%s, all tenants, by model):        median %.2f ms over %d runs%n",
                    month, timings.revenueByModel().median(), runs);
            revenueReport.groups().forEach(g -> out.printf("    %-18s %,10d requests  %s %s%n", g.model().orElse("?"),
                    g.requests(), g.total().toPlainString(), g.currency().getCurrencyCode()));
            out.printf("  target under %.0f ms each: %s%n", TARGET_MS, timings.targetMet() ? "met" : "NOT met");
            out.printf("  (not in the target) monthly revenue by tenant, one line each: median %.2f ms%n",
                    timings.revenueByTenant().median());
        }
        out.flush();
    }

    private static void timing(ObjectNode node, Timing timing) {
        node.put("median", round(timing.median()));
        var all = node.putArray("runs");
        timing.runs().forEach(r -> all.add(round(r)));
    }

    private static double round(double value) {
        return Math.round(value * 1000) / 1000.0;
    }

    private static HikariDataSource dataSource(String url) {
        HikariDataSource dataSource = new HikariDataSource();
        dataSource.setJdbcUrl(url);
        dataSource.setMaximumPoolSize(4);
        return dataSource;
    }

    /** Benchmark rows can never be deleted from an append-only ledger, so they only go where there is nothing else. */
    private static void requireEmptyLedger(HikariDataSource dataSource) {
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("select exists (select 1 from usage_ledger)")) {
            rs.next();
            if (rs.getBoolean(1)) {
                throw new IllegalStateException("the ledger of this database already has rows; benchmark rows could never be "
                        + "deleted from it (it is append-only), so point bench-ledger at an empty database");
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not check the ledger: " + e.getMessage(), e);
        }
    }

    private static void analyze(HikariDataSource dataSource) {
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
            st.execute("analyze usage_ledger");
            st.execute("analyze usage_daily");
            st.execute("analyze tenant");
        } catch (SQLException e) {
            throw new IllegalStateException("could not analyze the filled tables: " + e.getMessage(), e);
        }
    }

    private void progress(String line) {
        if (!json) {
            spec.commandLine().getErr().println("bench-ledger: " + line);
            spec.commandLine().getErr().flush();
        }
    }

    private static void deleteQuietly(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            // a leftover temporary folder is harmless
        }
    }
}

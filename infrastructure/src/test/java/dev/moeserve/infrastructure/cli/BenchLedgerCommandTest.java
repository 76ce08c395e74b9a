package dev.moeserve.infrastructure.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariDataSource;
import dev.moeserve.application.port.out.UsageFilter;
import dev.moeserve.domain.usage.LedgerChain;
import dev.moeserve.domain.usage.UsageRecord;
import dev.moeserve.infrastructure.persistence.PostgresUsageLedger;
import dev.moeserve.infrastructure.support.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code bench-ledger} on a tiny ledger: it fills the real schema, chain and rollup included, and times both reports. */
class BenchLedgerCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static String url;
    private static HikariDataSource dataSource;

    /** A database of its own in the test server: the benchmark refuses a ledger that already has rows. */
    @BeforeAll
    static void emptyDatabase() throws SQLException {
        url = newDatabase();
        dataSource = new HikariDataSource();
        dataSource.setJdbcUrl(url);
    }

    @AfterAll
    static void close() {
        dataSource.close();
    }

    private static String newDatabase() throws SQLException {
        String name = "bench_" + UUID.randomUUID().toString().replace("-", "");
        try (Connection c = TestDatabase.connect(); Statement st = c.createStatement()) {
            st.execute("create database " + name);
        }
        return TestDatabase.jdbcUrl().replace("/postgres?", "/" + name + "?");
    }

    @Test
    void fillsTheLedgerWithAnUnbrokenChainAndAMatchingRollupAndReportsBothMedians() throws Exception {
        CliCapture run = CliCapture.run("bench-ledger", "--rows", "2000", "--tenants", "20", "--runs", "3", "--json",
                "--jdbc-url", url);

        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode figures = JSON.readTree(run.lastLine());
        assertThat(figures.path("rows").asLong()).isEqualTo(2000);
        assertThat(figures.path("report_month").asText()).isEqualTo("2026-02");
        assertThat(figures.path("tenant_monthly_summary_ms").path("median").asDouble()).isPositive();
        assertThat(figures.path("tenant_monthly_summary_ms").path("runs")).hasSize(3);
        assertThat(figures.path("monthly_revenue_by_model_ms").path("median").asDouble()).isPositive();

        assertThat(chainBreaks()).as("every row links to the one before it").isZero();
        assertThat(count("select count(*) from usage_ledger")).isEqualTo(2000);
        // the rollup says what the ledger says, for the whole ledger and for the reported month
        assertThat(sum("select sum(charge_total) from usage_daily"))
                .isEqualByComparingTo(sum("select sum(charge_total) from usage_ledger"));
        assertThat(sum("select sum(charge_total) from usage_daily_total"))
                .isEqualByComparingTo(sum("select sum(charge_total) from usage_ledger"));
        assertThat(count("select sum(requests) from usage_daily")).isEqualTo(2000);
        assertThat(count("select sum(requests) from usage_daily_total")).isEqualTo(2000);
        assertThat(sum("select sum(charge_total) from usage_monthly"))
                .isEqualByComparingTo(sum("select sum(charge_total) from usage_ledger"));
        assertThat(count("select count(*) from usage_monthly where month = date '2026-02-01'")).isPositive();
        BigDecimal februaryRevenue = sum("""
                select sum(charge_total) from usage_ledger
                where started_at >= '2026-02-01T00:00:00Z' and started_at < '2026-03-01T00:00:00Z'""");
        BigDecimal reported = BigDecimal.ZERO;
        for (JsonNode model : figures.path("revenue_by_model")) {
            reported = reported.add(new BigDecimal(model.path("total").asText()));
        }
        assertThat(reported).isEqualByComparingTo(februaryRevenue);
        assertThat(februaryRevenue).isPositive();
    }

    @Test
    void refusesADatabaseWhoseLedgerAlreadyHasRowsBecauseTheyCouldNeverBeDeleted() throws SQLException {
        String other = newDatabase();
        assertThat(CliCapture.run("bench-ledger", "--rows", "5", "--tenants", "2", "--runs", "1", "--json", "--jdbc-url", other)
                .exitCode()).isZero();

        CliCapture again = CliCapture.run("bench-ledger", "--rows", "5", "--tenants", "2", "--json", "--jdbc-url", other);

        assertThat(again.exitCode()).isEqualTo(1);
        assertThat(again.err()).contains("already has rows");
    }

    /** Recomputes every row's hash from its content and its predecessor's hash; counts the rows that disagree. */
    private static long chainBreaks() throws SQLException {
        List<UsageRecord> newestFirst = new PostgresUsageLedger(dataSource).rows(UsageFilter.ALL, Optional.empty(),
                Optional.empty(), 0, 10_000);
        List<String[]> hashes = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("select prev_hash, row_hash from usage_ledger order by seq")) {
            while (rs.next()) {
                hashes.add(new String[] {rs.getString(1), rs.getString(2)});
            }
        }
        String previous = LedgerChain.GENESIS;
        long breaks = 0;
        for (int i = 0; i < hashes.size(); i++) {
            UsageRecord row = newestFirst.get(newestFirst.size() - 1 - i);
            String[] stored = hashes.get(i);
            if (!stored[0].equals(previous) || !stored[1].equals(LedgerChain.hash(previous, row))) {
                breaks++;
            }
            previous = stored[1];
        }
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("select last_hash from ledger_chain_head")) {
            rs.next();
            assertThat(rs.getString(1)).as("the chain head is the last row's hash").isEqualTo(previous);
        }
        return breaks;
    }

    private static long count(String sql) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static BigDecimal sum(String sql) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getBigDecimal(1);
        }
    }
}

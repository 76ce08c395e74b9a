package dev.moeserve.infrastructure.audit;

import com.zaxxer.hikari.HikariDataSource;
import dev.moeserve.domain.audit.AdminAuditEntry;
import dev.moeserve.domain.pricing.Money;
import dev.moeserve.domain.tenancy.ApiKeyId;
import dev.moeserve.domain.tenancy.ApiKeySecret;
import dev.moeserve.domain.tenancy.TenantId;
import dev.moeserve.domain.usage.ChargeSummary;
import dev.moeserve.domain.usage.TokenCounts;
import dev.moeserve.domain.usage.UsageRecord;
import dev.moeserve.domain.usage.UsageStatus;
import dev.moeserve.infrastructure.cli.MoeserveCli;
import dev.moeserve.infrastructure.persistence.PostgresAdminAuditLog;
import dev.moeserve.infrastructure.persistence.PostgresCreditAccounts;
import dev.moeserve.infrastructure.persistence.PostgresTenantDirectory;
import dev.moeserve.infrastructure.persistence.PostgresUsageLedger;
import dev.moeserve.infrastructure.support.TestDatabase;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code ./moeserve audit}: the verifier finds tampering done as the database superuser (triggers
 * bypassed), and exports carry a signature that fails when the file changes.
 */
class AuditCommandTest {
    private String url;
    private HikariDataSource dataSource;
    private TenantId tenant;
    private final List<String> requestIds = new ArrayList<>();

    @BeforeEach
    void freshLedgerWithFiveRows() throws Exception {
        String db = "audit_" + UUID.randomUUID().toString().replace("-", "");
        try (Connection c = TestDatabase.connect(); Statement st = c.createStatement()) {
            st.execute("create database " + db);
        }
        url = TestDatabase.jdbcUrl().replace("/postgres?", "/" + db + "?");
        dataSource = new HikariDataSource();
        dataSource.setJdbcUrl(url);
        Flyway.configure().dataSource(dataSource).load().migrate();
        PostgresTenantDirectory directory = new PostgresTenantDirectory(dataSource);
        tenant = directory.createTenant("audited");
        ApiKeyId key = directory.addKey(tenant, ApiKeySecret.generate().hash(), "sk-ms-x", "t");
        new PostgresCreditAccounts(dataSource).add(tenant, Money.of("10", "USD"), PostgresCreditAccounts.Kind.GRANTED, "test");
        PostgresUsageLedger ledger = new PostgresUsageLedger(dataSource);
        Instant t0 = Instant.parse("2026-11-10T08:00:00Z");
        for (int i = 0; i < 5; i++) {
            String id = "req-" + i;
            requestIds.add(id);
            BigDecimal total = new BigDecimal("0.00000" + (i + 1));
            ledger.append(new UsageRecord(id, tenant, key, "m", "cpu", new TokenCounts(10, 2, 5), UsageStatus.COMPLETED,
                    t0.plusSeconds(i * 3600L), t0.plusSeconds(i * 3600L + 1),
                    new ChargeSummary(Optional.of("v1"), List.of(), Currency.getInstance("USD"), BigDecimal.ZERO, total,
                            BigDecimal.ZERO, BigDecimal.ZERO, total)));
        }
        PostgresAdminAuditLog auditLog = new PostgresAdminAuditLog(dataSource);
        for (int i = 0; i < 3; i++) {
            auditLog.record(new AdminAuditEntry("ops", "admin", "tenant.plan", "tenant:" + tenant,
                    "{\"plan\":\"p" + i + "\"}", "{\"plan\":\"p" + (i + 1) + "\"}", "192.0.2.7", t0.plusSeconds(i)));
        }
    }

    @AfterEach
    void close() {
        dataSource.close();
    }

    @Test
    void anIntactLedgerVerifies() {
        Run run = cli("audit", "verify", "--db-url", url);
        assertThat(run.exit()).isZero();
        assertThat(run.out()).contains("usage_ledger: intact (5 rows)").contains("admin_audit_log: intact (3 rows)");
    }

    @Test
    void anAuditRowEditedAsSuperuserIsCaughtAndNamed() throws Exception {
        superuser("update admin_audit_log set after_value = '{\"plan\":\"free\"}' where seq = 2");
        Run run = cli("audit", "verify", "--db-url", url);
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.out()).contains("usage_ledger: intact (5 rows)")
                .contains("admin_audit_log: BROKEN at row 2").contains("altered");
    }

    @Test
    void aDeletedAuditRowIsCaughtAtTheRowAfterIt() throws Exception {
        superuser("delete from admin_audit_log where seq = 1");
        Run run = cli("audit", "verify", "--db-url", url);
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.out()).contains("admin_audit_log: BROKEN at row 2");
    }

    @Test
    void theDatabaseRefusesChangesToTheAuditLog() throws Exception {
        try (Connection c = java.sql.DriverManager.getConnection(url); Statement st = c.createStatement()) {
            for (String sql : List.of("update admin_audit_log set actor = 'x'", "delete from admin_audit_log",
                    "truncate admin_audit_log")) {
                org.assertj.core.api.Assertions.assertThatThrownBy(() -> st.execute(sql)).as(sql)
                        .hasMessageContaining("append-only");
            }
        }
    }

    @Test
    void aRowEditedAsSuperuserBypassingTheTriggersIsCaught() throws Exception {
        superuser("update usage_ledger set completion_tokens = 1 where request_id = 'req-2'");
        Run run = cli("audit", "verify", "--db-url", url);
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.out()).contains("BROKEN").contains("req-2").contains("altered")
                .as("the other chain is still reported").contains("admin_audit_log: intact (3 rows)");
    }

    @Test
    void aDeletedRowIsCaughtAtTheRowAfterIt() throws Exception {
        superuser("delete from usage_ledger where request_id = 'req-1'");
        Run run = cli("audit", "verify", "--db-url", url);
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.out()).contains("BROKEN").contains("req-2");
    }

    @Test
    void aDeletedLastRowIsCaughtByTheChainHead() throws Exception {
        superuser("delete from usage_ledger where request_id = 'req-4'");
        Run run = cli("audit", "verify", "--db-url", url);
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.out()).contains("BROKEN").contains("deleted");
    }

    @Test
    void anExportIsSignedAndAnyChangeToItFailsVerification() throws Exception {
        Path home = Files.createTempDirectory("audit-home");
        Path file = home.resolve("export.jsonl");
        Run export = cli("audit", "export", "--home", home.toString(), "--db-url", url, "--tenant", tenant.toString(),
                "--from", "2026-11-10T09:00:00Z", "--to", "2026-11-11", "--out", file.toString());
        assertThat(export.exit()).isZero();
        List<String> lines = Files.readAllLines(file);
        assertThat(lines).hasSize(4);
        assertThat(lines.getFirst()).contains("\"request_id\":\"req-1\"").contains("\"charge\":{").contains("\"total\":\"0.000002\"");

        assertThat(cli("audit", "verify-export", "--home", home.toString(), file.toString()).exit()).isZero();

        Files.writeString(file, Files.readString(file).replace("0.000002", "0.000001"));
        Run tampered = cli("audit", "verify-export", "--home", home.toString(), file.toString());
        assertThat(tampered.exit()).isEqualTo(1);
        assertThat(tampered.out()).contains("INVALID");
    }

    private void superuser(String sql) throws Exception {
        try (Connection c = java.sql.DriverManager.getConnection(url); Statement st = c.createStatement()) {
            // replica mode skips ordinary triggers: what a superuser bent on tampering would do
            st.execute("set session_replication_role = replica");
            assertThat(st.executeUpdate(sql)).isEqualTo(1);
        }
    }

    private record Run(int exit, String out) {
    }

    private static synchronized Run cli(String... args) {
        PrintStream original = System.out;
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buffer, true, StandardCharsets.UTF_8));
        try {
            int exit = MoeserveCli.run(args);
            return new Run(exit, buffer.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(original);
        }
    }
}

package dev.moeserve.infrastructure.retention;

import com.zaxxer.hikari.HikariDataSource;
import dev.moeserve.application.port.in.RequestContent;
import dev.moeserve.application.retention.RequestContentPurge;
import dev.moeserve.domain.tenancy.ApiKeyId;
import dev.moeserve.domain.tenancy.ApiKeySecret;
import dev.moeserve.domain.tenancy.ContentRetention;
import dev.moeserve.domain.tenancy.TenantId;
import dev.moeserve.domain.usage.ChargeSummary;
import dev.moeserve.domain.usage.TokenCounts;
import dev.moeserve.domain.usage.UsageRecord;
import dev.moeserve.domain.usage.UsageStatus;
import dev.moeserve.infrastructure.audit.ChainVerdict;
import dev.moeserve.infrastructure.audit.LedgerChainVerifier;
import dev.moeserve.infrastructure.cli.MoeserveCli;
import dev.moeserve.infrastructure.persistence.PostgresRequestContentStore;
import dev.moeserve.infrastructure.persistence.PostgresTenantDirectory;
import dev.moeserve.infrastructure.persistence.PostgresUnitOfWork;
import dev.moeserve.infrastructure.persistence.PostgresUsageLedger;
import dev.moeserve.infrastructure.persistence.TransactionalDataSource;
import dev.moeserve.infrastructure.support.TestDatabase;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The retention purge on a database of its own (so no server's purge runs alongside): content past its
 * tenant's period is deleted, newer content stays, and the ledger rows it was stored with stay too, their
 * hash chain intact, whether purged by the service or by {@code ./moeserve audit purge-content}.
 */
class ContentPurgeTest {
    private static final ContentRetention THIRTY_DAYS = ContentRetention.ofDays(30);

    private String url;
    private HikariDataSource dataSource;
    private PostgresUsageLedger ledger;
    private PostgresRequestContentStore contents;
    private TenantId tenant;
    private ApiKeyId key;

    @BeforeEach
    void freshDatabase() throws Exception {
        String db = "purge_" + UUID.randomUUID().toString().replace("-", "");
        try (Connection c = TestDatabase.connect(); Statement st = c.createStatement()) {
            st.execute("create database " + db);
        }
        url = TestDatabase.jdbcUrl().replace("/postgres?", "/" + db + "?");
        dataSource = new HikariDataSource();
        dataSource.setJdbcUrl(url);
        Flyway.configure().dataSource(dataSource).load().migrate();
        PostgresTenantDirectory directory = new PostgresTenantDirectory(dataSource);
        tenant = directory.createTenant("retaining");
        directory.setContentRetention(tenant, THIRTY_DAYS);
        key = directory.addKey(tenant, ApiKeySecret.generate().hash(), "sk-ms-x", "t");
        ledger = new PostgresUsageLedger(dataSource);
        contents = new PostgresRequestContentStore(dataSource);
    }

    @AfterEach
    void close() {
        dataSource.close();
    }

    @Test
    void contentOlderThanThePeriodIsPurgedNewerStaysAndTheLedgerChainIsIntact() throws Exception {
        Instant now = Instant.parse("2026-06-30T12:00:00Z");
        List<String> old = new ArrayList<>();
        List<String> recent = new ArrayList<>();
        for (int daysAgo : new int[] {45, 31, 30}) {
            old.add(request(now.minus(Duration.ofDays(daysAgo))));
        }
        for (int daysAgo : new int[] {29, 1}) {
            recent.add(request(now.minus(Duration.ofDays(daysAgo))));
        }
        assertThat(new LedgerChainVerifier(dataSource).verify()).isEqualTo(new ChainVerdict.Intact(LedgerChainVerifier.CHAIN, 5));

        long purged = new RequestContentPurge(contents).purgeExpiredContent(now);

        assertThat(purged).as("exactly 30 days old is due").isEqualTo(3);
        assertThat(contentIds()).containsExactlyInAnyOrderElementsOf(recent);
        assertThat(ledgerIds()).as("every ledger row stays").containsExactlyInAnyOrderElementsOf(concat(old, recent));
        assertThat(new LedgerChainVerifier(dataSource).verify()).isEqualTo(new ChainVerdict.Intact(LedgerChainVerifier.CHAIN, 5));
        assertThat(new RequestContentPurge(contents).purgeExpiredContent(now)).as("nothing left to purge").isZero();
    }

    @Test
    void theCliPurgesExpiredContentOnceAndAuditVerifyStillPasses() throws Exception {
        Instant now = Instant.now();
        String expired = request(now.minus(Duration.ofDays(31)));
        String kept = request(now.minus(Duration.ofDays(2)));

        Run purge = cli("audit", "purge-content", "--db-url", url);

        assertThat(purge.exit()).as(purge.out()).isZero();
        assertThat(purge.out()).contains("request_content: purged 1 rows");
        assertThat(contentIds()).containsExactly(kept);
        assertThat(ledgerIds()).containsExactlyInAnyOrder(expired, kept);
        Run verify = cli("audit", "verify", "--db-url", url);
        assertThat(verify.exit()).as(verify.out()).isZero();
        assertThat(verify.out()).contains("usage_ledger: intact (2 rows)");
    }

    @Test
    void contentMayBeDeletedWhileTheLedgerStillRefusesEveryChange() throws Exception {
        String requestId = request(Instant.now());
        try (Connection c = java.sql.DriverManager.getConnection(url); Statement st = c.createStatement()) {
            assertThat(st.executeUpdate("delete from request_content")).isEqualTo(1);
            assertThatThrownBy(() -> st.execute("delete from usage_ledger")).hasMessageContaining("append-only");
        }
        assertThat(ledgerIds()).containsExactly(requestId);
    }

    @Test
    void contentWithoutItsLedgerRowIsNeverCommitted() {
        TransactionalDataSource transactional = new TransactionalDataSource(dataSource);
        PostgresRequestContentStore joined = new PostgresRequestContentStore(transactional);
        Instant at = Instant.now();
        assertThatThrownBy(() -> new PostgresUnitOfWork(transactional).inTransaction(() -> {
            joined.store(content("no-ledger-row", at));
            return null;
        })).hasMessageContaining("usage_ledger");
        assertThat(contentIds()).isEmpty();
    }

    /** A ledger row and its content written as a completion of the retaining tenant writes them, in one transaction. */
    private String request(Instant finished) {
        String requestId = "req-" + UUID.randomUUID();
        TransactionalDataSource transactional = new TransactionalDataSource(dataSource);
        new PostgresUnitOfWork(transactional).inTransaction(() -> {
            new PostgresRequestContentStore(transactional).store(content(requestId, finished));
            new PostgresUsageLedger(transactional).append(new UsageRecord(requestId, tenant, key, "m", "cpu",
                    new TokenCounts(4, 0, 2), UsageStatus.COMPLETED, finished.minusSeconds(1), finished,
                    ChargeSummary.unpriced(Currency.getInstance("USD"))));
            return null;
        });
        return requestId;
    }

    private RequestContent content(String requestId, Instant finished) {
        return new RequestContent(requestId, tenant, "m", Optional.empty(), "a prompt", "an answer", finished,
                THIRTY_DAYS.purgeAfter(finished).orElseThrow());
    }

    private List<String> contentIds() {
        return ids("select request_id from request_content");
    }

    private List<String> ledgerIds() {
        return ids("select request_id from usage_ledger");
    }

    private List<String> ids(String sql) {
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            List<String> ids = new ArrayList<>();
            while (rs.next()) {
                ids.add(rs.getString(1));
            }
            return ids;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private record Run(int exit, String out) {
    }

    private static synchronized Run cli(String... args) {
        PrintStream original = System.out;
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buffer, true, StandardCharsets.UTF_8));
        try {
            return new Run(MoeserveCli.run(args), buffer.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(original);
        }
    }
}

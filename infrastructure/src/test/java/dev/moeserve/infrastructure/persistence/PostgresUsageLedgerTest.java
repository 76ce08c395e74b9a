package dev.moeserve.infrastructure.persistence;

import com.zaxxer.hikari.HikariDataSource;
import dev.moeserve.domain.tenancy.ApiKeyId;
import dev.moeserve.domain.tenancy.TenantId;
import dev.moeserve.domain.usage.TokenCounts;
import dev.moeserve.domain.usage.UsageRecord;
import dev.moeserve.domain.usage.UsageStatus;
import dev.moeserve.infrastructure.support.TestDatabase;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The ledger against a real PostgreSQL: rows round-trip, page newest first, and cannot be changed. */
class PostgresUsageLedgerTest {
    private static HikariDataSource dataSource;
    private static PostgresUsageLedger ledger;
    private static PostgresTenantDirectory directory;

    @BeforeAll
    static void migrate() {
        dataSource = new HikariDataSource();
        dataSource.setJdbcUrl(TestDatabase.jdbcUrl());
        Flyway.configure().dataSource(dataSource).load().migrate();
        ledger = new PostgresUsageLedger(dataSource);
        directory = new PostgresTenantDirectory(dataSource);
    }

    @AfterAll
    static void close() {
        dataSource.close();
    }

    @Test
    void appendedRowsComeBackNewestFirstAndPage() {
        TenantId tenant = directory.createTenant("ledger-" + UUID.randomUUID());
        ApiKeyId key = directory.addKey(tenant, sha("k" + UUID.randomUUID()), "sk-ms-abc", "t");
        Instant t0 = Instant.parse("2026-11-28T10:00:00Z");
        for (int i = 0; i < 3; i++) {
            ledger.append(record("req-" + UUID.randomUUID(), tenant, key, new TokenCounts(10 + i, i, 5), t0.plusSeconds(i)));
        }
        List<UsageRecord> firstPage = ledger.recent(tenant, 0, 2);
        List<UsageRecord> secondPage = ledger.recent(tenant, 2, 2);

        assertThat(firstPage).extracting(r -> r.tokens().promptTokens()).containsExactly(12, 11);
        assertThat(secondPage).extracting(r -> r.tokens().promptTokens()).containsExactly(10);
        UsageRecord newest = firstPage.getFirst();
        assertThat(newest.tokens()).isEqualTo(new TokenCounts(12, 2, 5));
        assertThat(newest.startedAt()).isEqualTo(t0.plusSeconds(2));
        assertThat(newest.apiKeyId()).isEqualTo(key);
        assertThat(newest.status()).isEqualTo(UsageStatus.COMPLETED);
    }

    @Test
    void theDatabaseRefusesToUpdateOrDeleteLedgerRows() throws SQLException {
        TenantId tenant = directory.createTenant("ledger-" + UUID.randomUUID());
        ApiKeyId key = directory.addKey(tenant, sha("k" + UUID.randomUUID()), "sk-ms-abc", "t");
        String requestId = "req-" + UUID.randomUUID();
        ledger.append(record(requestId, tenant, key, new TokenCounts(4, 0, 4), Instant.now()));

        try (Connection c = TestDatabase.connect(); Statement st = c.createStatement()) {
            assertThatThrownBy(() -> st.executeUpdate(
                    "update usage_ledger set completion_tokens = 0 where request_id = '" + requestId + "'"))
                    .hasMessageContaining("append-only");
            assertThatThrownBy(() -> st.executeUpdate("delete from usage_ledger where request_id = '" + requestId + "'"))
                    .hasMessageContaining("append-only");
        }
        assertThat(ledger.recent(tenant, 0, 10)).singleElement()
                .satisfies(r -> assertThat(r.tokens().completionTokens()).isEqualTo(4));
    }

    @Test
    void aRequestIdIsRecordedOnlyOnce() {
        TenantId tenant = directory.createTenant("ledger-" + UUID.randomUUID());
        ApiKeyId key = directory.addKey(tenant, sha("k" + UUID.randomUUID()), "sk-ms-abc", "t");
        UsageRecord once = record("req-" + UUID.randomUUID(), tenant, key, new TokenCounts(1, 0, 1), Instant.now());
        ledger.append(once);
        assertThatThrownBy(() -> ledger.append(once)).isInstanceOf(PersistenceException.class);
        assertThat(ledger.recent(tenant, 0, 10)).hasSize(1);
    }

    private static UsageRecord record(String id, TenantId tenant, ApiKeyId key, TokenCounts tokens, Instant start) {
        return new UsageRecord(id, tenant, key, "m", "cpu", tokens, UsageStatus.COMPLETED, start, start.plusMillis(5));
    }

    private static String sha(String s) {
        return dev.moeserve.domain.tenancy.ApiKeySecret.presented(s).hash();
    }
}

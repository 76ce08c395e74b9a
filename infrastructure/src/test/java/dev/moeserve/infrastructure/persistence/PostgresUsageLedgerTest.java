package dev.moeserve.infrastructure.persistence;

import com.zaxxer.hikari.HikariDataSource;
import dev.moeserve.domain.pricing.Money;
import dev.moeserve.domain.tenancy.ApiKeyId;
import dev.moeserve.domain.tenancy.ApiKeySecret;
import dev.moeserve.domain.tenancy.CreditBalance;
import dev.moeserve.domain.tenancy.TenantId;
import dev.moeserve.domain.usage.ChargeSummary;
import dev.moeserve.domain.usage.LedgerChain;
import dev.moeserve.domain.usage.TokenCounts;
import dev.moeserve.domain.usage.UsageRecord;
import dev.moeserve.domain.usage.UsageStatus;
import dev.moeserve.infrastructure.support.TestDatabase;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.Currency;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The ledger against a real PostgreSQL: rows round-trip, chain, settle credit, roll up, and cannot be changed. */
class PostgresUsageLedgerTest {
    private static final Currency USD = Currency.getInstance("USD");
    private static HikariDataSource dataSource;
    private static PostgresUsageLedger ledger;
    private static PostgresTenantDirectory directory;
    private static PostgresCreditAccounts credits;

    @BeforeAll
    static void migrate() {
        dataSource = new HikariDataSource();
        dataSource.setJdbcUrl(TestDatabase.jdbcUrl());
        Flyway.configure().dataSource(dataSource).load().migrate();
        ledger = new PostgresUsageLedger(dataSource);
        directory = new PostgresTenantDirectory(dataSource);
        credits = new PostgresCreditAccounts(dataSource);
    }

    @AfterAll
    static void close() {
        dataSource.close();
    }

    @Test
    void appendedRowsComeBackNewestFirstAndPageWithTheirCharge() {
        TenantId tenant = directory.createTenant("ledger-" + UUID.randomUUID());
        ApiKeyId key = directory.addKey(tenant, sha("k" + UUID.randomUUID()), "sk-ms-abc", "t");
        credits.add(tenant, Money.of("5", "USD"), PostgresCreditAccounts.Kind.TOPPED_UP, "test");
        Instant t0 = Instant.parse("2026-11-28T10:00:00Z");
        for (int i = 0; i < 3; i++) {
            ledger.append(record("req-" + UUID.randomUUID(), tenant, key, new TokenCounts(10 + i, i, 5), t0.plusSeconds(i),
                    charge("0.000001", "0.00000" + (i + 1))));
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
        assertThat(newest.charge().total()).isEqualByComparingTo("0.000003");
        assertThat(newest.charge().priceVersion()).contains("v-test");
        assertThat(newest.charge().promotionIds()).containsExactly("promo-1");
    }

    @Test
    void theDatabaseRefusesToUpdateOrDeleteLedgerRows() throws SQLException {
        TenantId tenant = directory.createTenant("ledger-" + UUID.randomUUID());
        ApiKeyId key = directory.addKey(tenant, sha("k" + UUID.randomUUID()), "sk-ms-abc", "t");
        String requestId = "req-" + UUID.randomUUID();
        ledger.append(record(requestId, tenant, key, new TokenCounts(4, 0, 4), Instant.now(), ChargeSummary.unpriced(USD)));

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
    void aRetriedAppendOfTheSameRequestChangesNothing() {
        TenantId tenant = directory.createTenant("ledger-" + UUID.randomUUID());
        ApiKeyId key = directory.addKey(tenant, sha("k" + UUID.randomUUID()), "sk-ms-abc", "t");
        credits.add(tenant, Money.of("1", "USD"), PostgresCreditAccounts.Kind.TOPPED_UP, "test");
        String requestId = "req-" + UUID.randomUUID();
        assertThat(credits.reserve(tenant, requestId, Money.of("0.5", "USD"))).isTrue();
        UsageRecord once = record(requestId, tenant, key, new TokenCounts(1, 0, 1), Instant.now(), charge("0", "0.25"));

        assertThat(ledger.append(once)).isTrue();
        assertThat(ledger.append(once)).isFalse();

        assertThat(ledger.recent(tenant, 0, 10)).hasSize(1);
        assertThat(credits.balances(tenant)).singleElement().satisfies(b -> {
            assertThat(b.toppedUp()).isEqualByComparingTo("0.75");
            assertThat(b.reserved()).isEqualByComparingTo("0");
        });
    }

    @Test
    void settlementReleasesTheReservationAndDrawsGrantedCreditFirst() {
        TenantId tenant = directory.createTenant("ledger-" + UUID.randomUUID());
        ApiKeyId key = directory.addKey(tenant, sha("k" + UUID.randomUUID()), "sk-ms-abc", "t");
        credits.add(tenant, Money.of("0.30", "USD"), PostgresCreditAccounts.Kind.GRANTED, "test");
        credits.add(tenant, Money.of("1.00", "USD"), PostgresCreditAccounts.Kind.TOPPED_UP, "test");
        String requestId = "req-" + UUID.randomUUID();

        assertThat(credits.reserve(tenant, requestId, Money.of("1.2", "USD"))).isTrue();
        assertThat(credits.balances(tenant).getFirst().available()).isEqualByComparingTo("0.1");
        assertThat(credits.reserve(tenant, "other-" + UUID.randomUUID(), Money.of("0.2", "USD")))
                .as("a second request cannot reserve what the first holds").isFalse();

        ledger.append(record(requestId, tenant, key, new TokenCounts(100, 0, 10), Instant.now(), charge("0.1", "0.4")));

        CreditBalance after = credits.balances(tenant).getFirst();
        assertThat(after.granted()).isEqualByComparingTo("0");
        assertThat(after.toppedUp()).isEqualByComparingTo("0.9");
        assertThat(after.reserved()).isEqualByComparingTo("0");
    }

    @Test
    void everyRowLinksToThePreviousRowsHash() throws SQLException {
        TenantId tenant = directory.createTenant("ledger-" + UUID.randomUUID());
        ApiKeyId key = directory.addKey(tenant, sha("k" + UUID.randomUUID()), "sk-ms-abc", "t");
        credits.add(tenant, Money.of("5", "USD"), PostgresCreditAccounts.Kind.TOPPED_UP, "test");
        for (int i = 0; i < 3; i++) {
            ledger.append(record("req-" + UUID.randomUUID(), tenant, key, new TokenCounts(3, 1, 2), Instant.now(),
                    charge("0.1", "0.2")));
        }
        try (Connection c = TestDatabase.connect(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("select seq, prev_hash, row_hash from usage_ledger order by seq")) {
            String previous = LedgerChain.GENESIS;
            int rows = 0;
            while (rs.next()) {
                assertThat(rs.getString("prev_hash")).as("row %d", rs.getLong("seq")).isEqualTo(previous);
                previous = rs.getString("row_hash");
                rows++;
            }
            assertThat(rows).isGreaterThanOrEqualTo(3);
        }
        // and each stored hash is the hash of the row as read back
        UsageRecord newest = ledger.recent(tenant, 0, 1).getFirst();
        try (Connection c = TestDatabase.connect(); PreparedStatement st = c.prepareStatement(
                "select prev_hash, row_hash from usage_ledger where request_id = ?")) {
            st.setString(1, newest.requestId());
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                assertThat(LedgerChain.hash(rs.getString(1), newest)).isEqualTo(rs.getString(2));
            }
        }
    }

    @Test
    void theDailyRollupSumsTheTenantsRows() throws SQLException {
        TenantId tenant = directory.createTenant("ledger-" + UUID.randomUUID());
        ApiKeyId key = directory.addKey(tenant, sha("k" + UUID.randomUUID()), "sk-ms-abc", "t");
        credits.add(tenant, Money.of("5", "USD"), PostgresCreditAccounts.Kind.TOPPED_UP, "test");
        Instant day = Instant.parse("2026-10-01T12:00:00Z");
        ledger.append(record("req-" + UUID.randomUUID(), tenant, key, new TokenCounts(10, 4, 3), day, charge("0.01", "0.5")));
        ledger.append(record("req-" + UUID.randomUUID(), tenant, key, new TokenCounts(20, 0, 7), day.plusSeconds(60), charge("0", "0.25")));
        try (Connection c = TestDatabase.connect(); PreparedStatement st = c.prepareStatement("""
                select requests, prompt_cache_hit_tokens, prompt_cache_miss_tokens, completion_tokens, charge_total
                from usage_daily where tenant_id = ? and day = date '2026-10-01'""")) {
            st.setObject(1, tenant.value());
            try (ResultSet rs = st.executeQuery()) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getLong(1)).isEqualTo(2);
                assertThat(rs.getLong(2)).isEqualTo(4);
                assertThat(rs.getLong(3)).isEqualTo(26);
                assertThat(rs.getLong(4)).isEqualTo(10);
                assertThat(rs.getBigDecimal(5)).isEqualByComparingTo("0.75");
            }
        }
    }

    private static ChargeSummary charge(String discount, String total) {
        BigDecimal t = new BigDecimal(total);
        return new ChargeSummary(Optional.of("v-test"), List.of("promo-1"), USD, BigDecimal.ZERO, t, BigDecimal.ZERO,
                new BigDecimal(discount), t);
    }

    private static UsageRecord record(String id, TenantId tenant, ApiKeyId key, TokenCounts tokens, Instant start,
                                      ChargeSummary charge) {
        return new UsageRecord(id, tenant, key, "m", "cpu", tokens, UsageStatus.COMPLETED, start, start.plusMillis(5), charge);
    }

    private static String sha(String s) {
        return ApiKeySecret.presented(s).hash();
    }
}

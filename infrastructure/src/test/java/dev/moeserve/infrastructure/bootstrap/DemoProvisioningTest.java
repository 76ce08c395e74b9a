package dev.moeserve.infrastructure.bootstrap;

import com.zaxxer.hikari.HikariDataSource;
import dev.moeserve.application.tenancy.ApiKeyAuthenticator;
import dev.moeserve.application.tenancy.TenantOnboarding;
import dev.moeserve.domain.tenancy.Caller;
import dev.moeserve.infrastructure.persistence.PostgresAdminCredentials;
import dev.moeserve.infrastructure.persistence.PostgresCreditAccounts;
import dev.moeserve.infrastructure.persistence.PostgresPriceBook;
import dev.moeserve.infrastructure.persistence.PostgresTenantDirectory;
import dev.moeserve.infrastructure.support.TestDatabase;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** First start creates the demo key and admin token once; the stored forms are hashes, not secrets. */
class DemoProvisioningTest {

    @Test
    void firstStartIssuesAFundedDemoKeyAPricedDemoModelAndAnAdminTokenOnceAndStoresOnlyHashes() throws Exception {
        try (HikariDataSource ds = new HikariDataSource()) {
            // a database of its own, so "first start" really is the first
            try (Connection c = TestDatabase.connect(); Statement st = c.createStatement()) {
                st.execute("drop database if exists provisioning_test");
                st.execute("create database provisioning_test");
            }
            ds.setJdbcUrl(TestDatabase.jdbcUrl().replace("/postgres?", "/provisioning_test?"));
            Flyway.configure().dataSource(ds).load().migrate();
            PostgresTenantDirectory directory = new PostgresTenantDirectory(ds);
            PostgresAdminCredentials admins = new PostgresAdminCredentials(ds);
            PostgresPriceBook priceBook = new PostgresPriceBook(ds);
            PostgresCreditAccounts credits = new PostgresCreditAccounts(ds);
            DemoProvisioning provisioning = new DemoProvisioning(directory, new TenantOnboarding(directory), admins,
                    priceBook, credits, Clock.systemUTC());
            Path home = TestDatabase.newHome();

            DemoProvisioning.Provisioned first = provisioning.provision(home, Optional.of("moeserve-demo"));
            DemoProvisioning.Provisioned second = provisioning.provision(home, Optional.of("moeserve-demo"));

            String key = first.demoApiKey().orElseThrow();
            assertThat(key).startsWith("sk-ms-");
            assertThat(Files.readString(home.resolve("demo-api-key")).strip()).isEqualTo(key);
            String token = first.adminToken().orElseThrow();
            assertThat(Files.readString(home.resolve("admin-token")).strip()).isEqualTo(token);
            assertThat(second.demoApiKey()).isEmpty();
            assertThat(second.adminToken()).isEmpty();

            Caller caller = new ApiKeyAuthenticator(directory).authenticate(key);
            assertThat(credits.balances(caller.tenantId())).singleElement().satisfies(b -> {
                assertThat(b.granted()).isEqualByComparingTo(DemoProvisioning.DEMO_CREDIT.amount());
                assertThat(b.toppedUp()).isEqualByComparingTo("0");
            });
            assertThat(priceBook.history("moeserve-demo")).singleElement()
                    .satisfies(t -> assertThat(t.tier().prices()).isEqualTo(DemoProvisioning.DEMO_PRICES));
            assertThat(admins.roleOf(token)).contains("admin");
            assertThat(admins.roleOf("ms-admin-wrong")).isEmpty();
            try (Connection c = ds.getConnection(); Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("select key_hash, key_prefix from api_key")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).doesNotContain(key).hasSize(64);
                assertThat(key).startsWith(rs.getString(2));
            }
        }
    }
}

package dev.moeserve.infrastructure.db;

import dev.moeserve.infrastructure.support.TestDatabase;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;

/** Without DATASOURCES_DEFAULT_URL, serve starts a real PostgreSQL under the state folder and writes its URL. */
class DatabaseLocationTest {

    @Test
    void theEmbeddedDatabaseKeepsItsDataAcrossRestartsAndItsUrlFileConnects() throws Exception {
        Path home = TestDatabase.newHome();
        try (DatabaseLocation first = DatabaseLocation.resolve(home)) {
            String url = Files.readString(home.resolve("db-url")).strip();
            assertThat(url).isEqualTo(first.jdbcUrl()).contains("user=").contains("password=");
            try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement()) {
                st.execute("create table survives_restart (x int)");
                st.execute("insert into survives_restart values (42)");
            }
        }
        try (DatabaseLocation second = DatabaseLocation.resolve(home);
             Connection c = DriverManager.getConnection(Files.readString(home.resolve("db-url")).strip());
             Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("select x from survives_restart")) {
            assertThat(second.describe()).startsWith("embedded PostgreSQL").doesNotContain("password=postgres");
            assertThat(rs.next()).isTrue();
            assertThat(rs.getInt(1)).isEqualTo(42);
        }
    }

    @Test
    void credentialsAreAddedToAnExternalUrlOnlyWhenMissing() {
        assertThat(DatabaseLocation.withCredentials("jdbc:postgresql://db:5432/moe", "u", "p"))
                .isEqualTo("jdbc:postgresql://db:5432/moe?user=u&password=p");
        assertThat(DatabaseLocation.withCredentials("jdbc:postgresql://db/moe?ssl=true", "u", null))
                .isEqualTo("jdbc:postgresql://db/moe?ssl=true&user=u");
        assertThat(DatabaseLocation.withCredentials("jdbc:postgresql://db/moe?user=a&password=b", "u", "p"))
                .isEqualTo("jdbc:postgresql://db/moe?user=a&password=b");
    }
}

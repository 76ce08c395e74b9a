package dev.moeserve.infrastructure.db;

import com.zaxxer.hikari.HikariDataSource;

import javax.sql.DataSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/**
 * The database of an install, for CLI commands that work whether or not the server runs: an explicit
 * URL, else {@code DATASOURCES_DEFAULT_URL}, else the URL a running server wrote to {@code db-url}, else
 * the embedded PostgreSQL started here over {@code $MOESERVE_HOME/pgdata}.
 */
public final class StateDatabase implements AutoCloseable {
    private final HikariDataSource dataSource;
    private final EmbeddedDatabase embedded;

    private StateDatabase(HikariDataSource dataSource, EmbeddedDatabase embedded) {
        this.dataSource = dataSource;
        this.embedded = embedded;
    }

    public static StateDatabase open(Path home, String explicitUrl) {
        String url = explicitUrl;
        if (url == null || url.isBlank()) {
            String env = System.getenv("DATASOURCES_DEFAULT_URL");
            if (env != null && !env.isBlank()) {
                url = DatabaseLocation.withCredentials(env, System.getenv("DATASOURCES_DEFAULT_USERNAME"),
                        System.getenv("DATASOURCES_DEFAULT_PASSWORD"));
            }
        }
        EmbeddedDatabase embedded = null;
        if (url == null || url.isBlank()) {
            url = runningServerUrl(home.resolve("db-url"));
        }
        if (url == null) {
            if (!Files.isDirectory(home.resolve("pgdata"))) {
                throw new IllegalStateException("no database found: " + home.resolve("pgdata")
                        + " does not exist (run ./moeserve serve once, or set DATASOURCES_DEFAULT_URL)");
            }
            embedded = EmbeddedDatabase.start(home.resolve("pgdata"));
            url = embedded.jdbcUrl();
        }
        HikariDataSource ds = new HikariDataSource();
        ds.setJdbcUrl(url);
        ds.setMaximumPoolSize(2);
        return new StateDatabase(ds, embedded);
    }

    /** The URL of a server that is up now, or null. */
    private static String runningServerUrl(Path urlFile) {
        if (!Files.isRegularFile(urlFile)) {
            return null;
        }
        try {
            String url = Files.readString(urlFile).strip();
            try (Connection ignored = DriverManager.getConnection(url)) {
                return url;
            }
        } catch (IOException | SQLException e) {
            return null;
        }
    }

    public DataSource dataSource() {
        return dataSource;
    }

    @Override
    public void close() {
        dataSource.close();
        if (embedded != null) {
            embedded.close();
        }
    }
}

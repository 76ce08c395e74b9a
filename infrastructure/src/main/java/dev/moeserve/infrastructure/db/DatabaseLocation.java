package dev.moeserve.infrastructure.db;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Which PostgreSQL moeserve uses: the one named by {@code DATASOURCES_DEFAULT_URL} (with
 * {@code DATASOURCES_DEFAULT_USERNAME}/{@code _PASSWORD}), or an embedded one under the state
 * folder. Either way the URL, with credentials as query parameters, is written to {@code db-url}.
 */
public final class DatabaseLocation implements AutoCloseable {
    private final String jdbcUrl;
    private final EmbeddedDatabase embedded;

    private DatabaseLocation(String jdbcUrl, EmbeddedDatabase embedded) {
        this.jdbcUrl = jdbcUrl;
        this.embedded = embedded;
    }

    public static DatabaseLocation resolve(Path home) {
        String external = System.getenv("DATASOURCES_DEFAULT_URL");
        DatabaseLocation location;
        if (external != null && !external.isBlank()) {
            location = new DatabaseLocation(withCredentials(external,
                    System.getenv("DATASOURCES_DEFAULT_USERNAME"), System.getenv("DATASOURCES_DEFAULT_PASSWORD")), null);
        } else {
            EmbeddedDatabase db = EmbeddedDatabase.start(home.resolve("pgdata"));
            location = new DatabaseLocation(db.jdbcUrl(), db);
        }
        location.writeUrlFile(home.resolve("db-url"));
        return location;
    }

    /** Adds user and password as query parameters unless the URL already carries them. */
    static String withCredentials(String url, String user, String password) {
        StringBuilder sb = new StringBuilder(url);
        char sep = url.contains("?") ? '&' : '?';
        if (user != null && !user.isBlank() && !url.contains("user=")) {
            sb.append(sep).append("user=").append(user);
            sep = '&';
        }
        if (password != null && !password.isBlank() && !url.contains("password=")) {
            sb.append(sep).append("password=").append(password);
        }
        return sb.toString();
    }

    public String jdbcUrl() {
        return jdbcUrl;
    }

    public Map<String, Object> micronautProperties() {
        Map<String, Object> props = new HashMap<>();
        props.put("datasources.default.url", jdbcUrl);
        return props;
    }

    /** For the log: where the data lives, without the password. */
    public String describe() {
        String safe = jdbcUrl.replaceAll("password=[^&]*", "password=***");
        return embedded != null ? "embedded PostgreSQL " + safe : "external PostgreSQL " + safe;
    }

    private void writeUrlFile(Path file) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, jdbcUrl + System.lineSeparator());
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + file, e);
        }
    }

    @Override
    public void close() {
        if (embedded != null) {
            embedded.close();
        }
    }
}

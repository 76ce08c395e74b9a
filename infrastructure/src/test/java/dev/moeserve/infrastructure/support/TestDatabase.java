package dev.moeserve.infrastructure.support;

import dev.moeserve.infrastructure.db.EmbeddedDatabase;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/** One real embedded PostgreSQL per test JVM, started on first use and stopped at exit. */
public final class TestDatabase {
    private static EmbeddedDatabase database;

    private TestDatabase() {
    }

    public static synchronized String jdbcUrl() {
        if (database == null) {
            try {
                database = EmbeddedDatabase.start(Files.createTempDirectory("moeserve-test-pg"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            EmbeddedDatabase started = database;
            Runtime.getRuntime().addShutdownHook(new Thread(started::close));
        }
        return database.jdbcUrl();
    }

    /** A direct connection as the superuser, for assertions that bypass the application. */
    public static Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl());
    }

    /** A fresh state folder for one application context. */
    public static Path newHome() {
        try {
            return Files.createTempDirectory("moeserve-test-home");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package dev.moeserve.infrastructure.audit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.moeserve.adapters.web.wire.UsageRowJson;
import dev.moeserve.infrastructure.persistence.PostgresUsageLedger;

import javax.sql.DataSource;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.time.Instant;
import java.util.UUID;

/**
 * Writes one tenant's ledger rows in [from, to) as JSON Lines (the {@code /admin/usage} row shape), oldest
 * first, and a detached Ed25519 signature of the file's bytes in {@code FILE.sig}.
 */
public final class LedgerExport {
    private static final ObjectMapper JSON = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .disable(SerializationFeature.INDENT_OUTPUT);

    private LedgerExport() {
    }

    /** @return the number of rows written */
    public static long write(DataSource dataSource, UUID tenant, Instant from, Instant to, Path file, PrivateKey key)
            throws SQLException, IOException {
        long rows;
        try (OutputStream out = Files.newOutputStream(file)) {
            rows = writeTo(dataSource, tenant, from, to, out);
        }
        Files.writeString(signatureFile(file), AuditSigningKey.sign(key, Files.readAllBytes(file)) + "\n");
        return rows;
    }

    /** Writes the rows as JSON Lines to {@code sink} (left open); @return the number of rows written. */
    public static long writeTo(DataSource dataSource, UUID tenant, Instant from, Instant to, OutputStream sink)
            throws SQLException, IOException {
        long rows = 0;
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement st = c.prepareStatement("select " + PostgresUsageLedger.rowColumns()
                    + " from usage_ledger where tenant_id = ? and started_at >= ? and started_at < ? order by seq")) {
                st.setFetchSize(1000);
                st.setObject(1, tenant);
                st.setTimestamp(2, Timestamp.from(from));
                st.setTimestamp(3, Timestamp.from(to));
                BufferedWriter out = new BufferedWriter(new OutputStreamWriter(sink, StandardCharsets.UTF_8));
                try (ResultSet rs = st.executeQuery()) {
                    while (rs.next()) {
                        out.write(JSON.writeValueAsString(UsageRowJson.of(PostgresUsageLedger.read(rs))));
                        out.write('\n');
                        rows++;
                    }
                }
                out.flush();
            } finally {
                c.rollback();
            }
        }
        return rows;
    }

    public static Path signatureFile(Path file) {
        return file.resolveSibling(file.getFileName() + ".sig");
    }
}

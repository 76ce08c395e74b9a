package dev.moeserve.infrastructure.audit;

import dev.moeserve.application.port.in.QueryAuditTrail.AuditLogQuery;
import dev.moeserve.application.port.in.QueryAuditTrail.ChainStatus;
import dev.moeserve.application.port.in.QueryAuditTrail.SignedExport;
import dev.moeserve.application.port.out.AuditArchive;
import dev.moeserve.domain.audit.AdminAuditEntry;
import dev.moeserve.domain.tenancy.TenantId;
import dev.moeserve.infrastructure.persistence.PersistenceException;
import dev.moeserve.infrastructure.persistence.PostgresAdminAuditLog;

import javax.sql.DataSource;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.security.PrivateKey;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The audit trail as PostgreSQL holds it: the admin log read with filters, both chains checked by the
 * same verifiers as {@code moeserve audit verify}, and exports signed with the server's Ed25519 key
 * exactly as {@code moeserve audit export} signs them, so {@code audit verify-export} accepts either.
 */
public final class PostgresAuditArchive implements AuditArchive {
    private static final DateTimeFormatter FILE_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private final DataSource dataSource;
    private final Supplier<PrivateKey> signingKey;

    public PostgresAuditArchive(DataSource dataSource, Supplier<PrivateKey> signingKey) {
        this.dataSource = dataSource;
        this.signingKey = signingKey;
    }

    @Override
    public List<AdminAuditEntry> adminEntries(AuditLogQuery query, int offset, int limit) {
        StringBuilder sql = new StringBuilder("select " + PostgresAdminAuditLog.ROW_COLUMNS + " from admin_audit_log where true");
        List<Object> values = new ArrayList<>();
        query.actor().ifPresent(a -> {
            sql.append(" and actor = ?");
            values.add(a);
        });
        query.action().ifPresent(a -> {
            // a prefix match with the pattern characters escaped: "promotion." finds promotion.add and promotion.end
            sql.append(" and action like ? escape '\\'");
            values.add(a.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%");
        });
        query.from().ifPresent(f -> {
            sql.append(" and at >= ?");
            values.add(Timestamp.from(f));
        });
        query.to().ifPresent(t -> {
            sql.append(" and at < ?");
            values.add(Timestamp.from(t));
        });
        sql.append(" order by seq desc offset ? limit ?");
        values.add(offset);
        values.add(limit);
        try (Connection c = dataSource.getConnection(); PreparedStatement st = c.prepareStatement(sql.toString())) {
            for (int i = 0; i < values.size(); i++) {
                st.setObject(i + 1, values.get(i));
            }
            List<AdminAuditEntry> out = new ArrayList<>();
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    out.add(PostgresAdminAuditLog.read(rs));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new PersistenceException("could not read the admin audit log", e);
        }
    }

    @Override
    public ChainStatus verifyLedger() {
        try {
            return status(new LedgerChainVerifier(dataSource).verify());
        } catch (SQLException e) {
            throw new PersistenceException("could not verify the usage ledger chain", e);
        }
    }

    @Override
    public ChainStatus verifyAdminLog() {
        try {
            return status(new AdminAuditChainVerifier(dataSource).verify());
        } catch (SQLException e) {
            throw new PersistenceException("could not verify the admin audit log chain", e);
        }
    }

    @Override
    public SignedExport exportLedger(TenantId tenant, Instant from, Instant to) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            long rows = LedgerExport.writeTo(dataSource, tenant.value(), from, to, bytes);
            byte[] data = bytes.toByteArray();
            String name = "ledger-" + tenant + "-" + FILE_DATE.format(from) + "-" + FILE_DATE.format(to) + ".jsonl";
            return new SignedExport(name, data, AuditSigningKey.sign(signingKey.get(), data), rows);
        } catch (SQLException | IOException e) {
            throw new PersistenceException("could not export the ledger of tenant " + tenant, e);
        }
    }

    private static ChainStatus status(ChainVerdict verdict) {
        return switch (verdict) {
            case ChainVerdict.Intact intact -> new ChainStatus(intact.chain(), true, intact.rows(), Optional.empty());
            case ChainVerdict.Broken broken -> new ChainStatus(broken.chain(), false, broken.seq(),
                    Optional.of("row seq " + broken.seq() + " (" + broken.rowId() + "): " + broken.reason()));
        };
    }
}

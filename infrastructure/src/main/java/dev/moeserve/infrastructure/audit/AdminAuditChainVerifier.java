package dev.moeserve.infrastructure.audit;

import dev.moeserve.domain.audit.AdminAuditChain;
import dev.moeserve.domain.audit.AdminAuditEntry;
import dev.moeserve.infrastructure.persistence.PostgresAdminAuditLog;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Recomputes the admin audit log's hash chain from the stored rows, as {@link LedgerChainVerifier}
 * does for the usage ledger: an edited row no longer matches its hash, a deleted or inserted row
 * breaks the link of the row after it, and a deleted tail no longer reaches the chain head.
 */
public final class AdminAuditChainVerifier {
    public static final String CHAIN = "admin_audit_log";

    private final DataSource dataSource;

    public AdminAuditChainVerifier(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public ChainVerdict verify() throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false); // lets the driver stream the rows with a cursor
            c.setReadOnly(true);
            String previous = AdminAuditChain.GENESIS;
            long rows = 0;
            long lastSeq = 0;
            try (PreparedStatement st = c.prepareStatement("select seq, prev_hash, row_hash, "
                    + PostgresAdminAuditLog.ROW_COLUMNS + " from admin_audit_log order by seq")) {
                st.setFetchSize(1000);
                try (ResultSet rs = st.executeQuery()) {
                    while (rs.next()) {
                        long seq = rs.getLong("seq");
                        AdminAuditEntry entry = PostgresAdminAuditLog.read(rs);
                        String what = entry.action() + " " + entry.target();
                        if (!previous.equals(rs.getString("prev_hash"))) {
                            return new ChainVerdict.Broken(CHAIN, seq, what,
                                    "its previous-row hash does not match the row before it (a row before it was deleted, inserted or altered)");
                        }
                        String expected = AdminAuditChain.hash(previous, entry);
                        if (!expected.equals(rs.getString("row_hash"))) {
                            return new ChainVerdict.Broken(CHAIN, seq, what, "its content does not match its hash (the row was altered)");
                        }
                        previous = expected;
                        lastSeq = seq;
                        rows++;
                    }
                }
            }
            try (PreparedStatement st = c.prepareStatement("select last_seq, last_hash from admin_audit_chain_head where id = 1");
                 ResultSet rs = st.executeQuery()) {
                if (!rs.next()) {
                    return new ChainVerdict.Broken(CHAIN, lastSeq, null, "the chain head row is missing");
                }
                if (rs.getLong(1) != lastSeq || !rs.getString(2).equals(previous)) {
                    return new ChainVerdict.Broken(CHAIN, rs.getLong(1), null, "the chain head names row " + rs.getLong(1)
                            + " but the log ends at row " + lastSeq + " (rows at the end were deleted)");
                }
            }
            c.rollback();
            return new ChainVerdict.Intact(CHAIN, rows);
        }
    }
}

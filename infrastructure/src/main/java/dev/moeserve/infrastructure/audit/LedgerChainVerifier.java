package dev.moeserve.infrastructure.audit;

import dev.moeserve.domain.usage.LedgerChain;
import dev.moeserve.domain.usage.UsageRecord;
import dev.moeserve.infrastructure.persistence.PostgresUsageLedger;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Recomputes the usage ledger's hash chain from the stored rows: an edited row no longer matches its
 * hash, a deleted or inserted row breaks the link of the row after it, and a deleted tail no longer
 * reaches the chain head.
 */
public final class LedgerChainVerifier {
    public static final String CHAIN = "usage_ledger";

    private final DataSource dataSource;

    public LedgerChainVerifier(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public ChainVerdict verify() throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false); // lets the driver stream the rows with a cursor
            c.setReadOnly(true);
            String previous = LedgerChain.GENESIS;
            long rows = 0;
            long lastSeq = 0;
            try (PreparedStatement st = c.prepareStatement("select seq, prev_hash, row_hash, "
                    + PostgresUsageLedger.rowColumns() + " from usage_ledger order by seq")) {
                st.setFetchSize(1000);
                try (ResultSet rs = st.executeQuery()) {
                    while (rs.next()) {
                        long seq = rs.getLong("seq");
                        String requestId = rs.getString("request_id");
                        if (!previous.equals(rs.getString("prev_hash"))) {
                            return new ChainVerdict.Broken(CHAIN, seq, requestId,
                                    "its previous-row hash does not match the row before it (a row before it was deleted, inserted or altered)");
                        }
                        UsageRecord record = PostgresUsageLedger.read(rs);
                        String expected = LedgerChain.hash(previous, record);
                        if (!expected.equals(rs.getString("row_hash"))) {
                            return new ChainVerdict.Broken(CHAIN, seq, requestId, "its content does not match its hash (the row was altered)");
                        }
                        previous = expected;
                        lastSeq = seq;
                        rows++;
                    }
                }
            }
            try (PreparedStatement st = c.prepareStatement("select last_seq, last_hash from ledger_chain_head where id = 1");
                 ResultSet rs = st.executeQuery()) {
                if (!rs.next()) {
                    return new ChainVerdict.Broken(CHAIN, lastSeq, null, "the chain head row is missing");
                }
                if (rs.getLong(1) != lastSeq || !rs.getString(2).equals(previous)) {
                    return new ChainVerdict.Broken(CHAIN, rs.getLong(1), null, "the chain head names row " + rs.getLong(1)
                            + " but the ledger ends at row " + lastSeq + " (rows at the end were deleted)");
                }
            }
            c.rollback();
            return new ChainVerdict.Intact(CHAIN, rows);
        }
    }
}

package dev.moeserve.infrastructure.persistence;

import dev.moeserve.application.port.out.AdminAuditLog;
import dev.moeserve.domain.audit.AdminAuditChain;
import dev.moeserve.domain.audit.AdminAuditEntry;
import dev.moeserve.domain.usage.LedgerChain;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;

/**
 * The admin audit log in PostgreSQL: appended under the chain head's row lock, like the usage ledger,
 * so every row links to exactly one predecessor. Built on the {@link TransactionalDataSource}, it
 * writes inside the admin change's own transaction.
 */
public final class PostgresAdminAuditLog implements AdminAuditLog {
    /** The columns an entry is stored in, in {@link #read} order. */
    public static final String ROW_COLUMNS = "at, actor, role, action, target, before_value, after_value, address";

    private final DataSource dataSource;

    public PostgresAdminAuditLog(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public void record(AdminAuditEntry e) {
        AdminAuditEntry entry = new AdminAuditEntry(e.actor(), e.role(), e.action(), e.target(), e.before(), e.after(),
                e.address(), LedgerChain.storable(e.at()));
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                appendIn(c, entry);
                c.commit();
            } catch (SQLException | RuntimeException ex) {
                c.rollback();
                throw ex;
            }
        } catch (SQLException ex) {
            throw new PersistenceException("could not write the admin audit entry for " + e.action(), ex);
        }
    }

    private static void appendIn(Connection c, AdminAuditEntry e) throws SQLException {
        String previousHash;
        try (PreparedStatement st = c.prepareStatement("select last_hash from admin_audit_chain_head where id = 1 for update");
             ResultSet rs = st.executeQuery()) {
            rs.next();
            previousHash = rs.getString(1);
        }
        String rowHash = AdminAuditChain.hash(previousHash, e);
        long seq;
        try (PreparedStatement st = c.prepareStatement("insert into admin_audit_log (" + ROW_COLUMNS
                + ", prev_hash, row_hash) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) returning seq")) {
            st.setTimestamp(1, Timestamp.from(e.at()));
            st.setString(2, e.actor());
            st.setString(3, e.role());
            st.setString(4, e.action());
            st.setString(5, e.target());
            st.setString(6, e.before());
            st.setString(7, e.after());
            st.setString(8, e.address());
            st.setString(9, previousHash);
            st.setString(10, rowHash);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                seq = rs.getLong(1);
            }
        }
        try (PreparedStatement st = c.prepareStatement("update admin_audit_chain_head set last_seq = ?, last_hash = ? where id = 1")) {
            st.setLong(1, seq);
            st.setString(2, rowHash);
            st.executeUpdate();
        }
    }

    /** The entry in the current row of a result holding {@link #ROW_COLUMNS}. */
    public static AdminAuditEntry read(ResultSet rs) throws SQLException {
        return new AdminAuditEntry(rs.getString("actor"), rs.getString("role"), rs.getString("action"), rs.getString("target"),
                rs.getString("before_value"), rs.getString("after_value"), rs.getString("address"),
                rs.getTimestamp("at").toInstant());
    }
}

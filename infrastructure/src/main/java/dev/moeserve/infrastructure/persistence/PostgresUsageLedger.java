package dev.moeserve.infrastructure.persistence;

import dev.moeserve.application.port.out.UsageLedger;
import dev.moeserve.domain.tenancy.ApiKeyId;
import dev.moeserve.domain.tenancy.TenantId;
import dev.moeserve.domain.usage.TokenCounts;
import dev.moeserve.domain.usage.UsageRecord;
import dev.moeserve.domain.usage.UsageStatus;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/** The usage ledger in PostgreSQL: one insert per request, in its own transaction. */
public final class PostgresUsageLedger implements UsageLedger {
    private final DataSource dataSource;

    public PostgresUsageLedger(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public void append(UsageRecord r) {
        String sql = """
                insert into usage_ledger (request_id, tenant_id, api_key_id, model, backend, prompt_tokens,
                    prompt_cache_hit_tokens, completion_tokens, status, started_at, finished_at)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""";
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement st = c.prepareStatement(sql)) {
                st.setString(1, r.requestId());
                st.setObject(2, r.tenantId().value());
                st.setObject(3, r.apiKeyId().value());
                st.setString(4, r.model());
                st.setString(5, r.backend());
                st.setInt(6, r.tokens().promptTokens());
                st.setInt(7, r.tokens().promptCacheHitTokens());
                st.setInt(8, r.tokens().completionTokens());
                st.setString(9, r.status().wireName());
                st.setTimestamp(10, Timestamp.from(r.startedAt()));
                st.setTimestamp(11, Timestamp.from(r.finishedAt()));
                st.executeUpdate();
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new PersistenceException("could not append usage row " + r.requestId(), e);
        }
    }

    @Override
    public List<UsageRecord> recent(TenantId tenant, int offset, int limit) {
        String sql = """
                select request_id, tenant_id, api_key_id, model, backend, prompt_tokens, prompt_cache_hit_tokens,
                       completion_tokens, status, started_at, finished_at
                from usage_ledger where tenant_id = ? order by seq desc offset ? limit ?""";
        try (Connection c = dataSource.getConnection(); PreparedStatement st = c.prepareStatement(sql)) {
            st.setObject(1, tenant.value());
            st.setInt(2, offset);
            st.setInt(3, limit);
            List<UsageRecord> rows = new ArrayList<>();
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    rows.add(new UsageRecord(
                            rs.getString("request_id"),
                            new TenantId(rs.getObject("tenant_id", UUID.class)),
                            new ApiKeyId(rs.getObject("api_key_id", UUID.class)),
                            rs.getString("model"),
                            rs.getString("backend"),
                            new TokenCounts(rs.getInt("prompt_tokens"), rs.getInt("prompt_cache_hit_tokens"),
                                    rs.getInt("completion_tokens")),
                            UsageStatus.valueOf(rs.getString("status").toUpperCase(Locale.ROOT)),
                            rs.getTimestamp("started_at").toInstant(),
                            rs.getTimestamp("finished_at").toInstant()));
                }
            }
            return rows;
        } catch (SQLException e) {
            throw new PersistenceException("could not read usage of tenant " + tenant, e);
        }
    }
}

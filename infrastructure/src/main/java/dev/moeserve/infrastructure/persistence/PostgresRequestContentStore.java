package dev.moeserve.infrastructure.persistence;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.moeserve.application.port.in.ChatMessage;
import dev.moeserve.application.port.in.RequestContent;
import dev.moeserve.application.port.out.RequestContentStore;
import dev.moeserve.domain.tenancy.TenantId;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Retained request content in PostgreSQL's {@code request_content} table, apart from the ledger: its rows
 * carry no hash and may be deleted. Built on the {@link TransactionalDataSource}, so a store made inside
 * a unit of work commits with the request's ledger row.
 */
public final class PostgresRequestContentStore implements RequestContentStore {
    private static final String COLUMNS = "request_id, tenant_id, model, messages, prompt, completion, created_at, purge_after";
    /** Rows deleted per statement, so a large backlog is purged in short transactions rather than one long one. */
    private static final int PURGE_BATCH = 10_000;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<List<Message>> MESSAGES = new TypeReference<>() {
    };

    private final DataSource dataSource;

    public PostgresRequestContentStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** A chat message as stored: {@code {"role": ..., "content": ...}}, the OpenAI request's own shape. */
    record Message(String role, String content) {
    }

    @Override
    public void store(RequestContent content) {
        // a request is recorded once; storing it again (a retried append) keeps the first
        String sql = "insert into request_content (" + COLUMNS + ") values (?, ?, ?, cast(? as jsonb), ?, ?, ?, ?)"
                + " on conflict (request_id) do nothing";
        try (Connection c = dataSource.getConnection(); PreparedStatement st = c.prepareStatement(sql)) {
            st.setString(1, content.requestId());
            st.setObject(2, content.tenantId().value());
            st.setString(3, content.model());
            st.setString(4, content.messages().map(PostgresRequestContentStore::json).orElse(null));
            st.setString(5, content.prompt());
            st.setString(6, content.completion());
            st.setTimestamp(7, Timestamp.from(content.createdAt()));
            st.setTimestamp(8, Timestamp.from(content.purgeAfter()));
            st.executeUpdate();
        } catch (SQLException e) {
            throw new PersistenceException("could not store the content of request " + content.requestId(), e);
        }
    }

    @Override
    public List<RequestContent> ofTenant(TenantId tenant, Instant now, int offset, int limit) {
        String sql = "select " + COLUMNS + " from request_content where tenant_id = ? and purge_after > ?"
                + " order by created_at desc, request_id desc offset ? limit ?";
        try (Connection c = dataSource.getConnection(); PreparedStatement st = c.prepareStatement(sql)) {
            st.setObject(1, tenant.value());
            st.setTimestamp(2, Timestamp.from(now));
            st.setInt(3, offset);
            st.setInt(4, limit);
            List<RequestContent> out = new ArrayList<>();
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    out.add(read(rs));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new PersistenceException("could not read the request content of tenant " + tenant, e);
        }
    }

    @Override
    public long purgeExpired(Instant now) {
        String sql = "delete from request_content where request_id in"
                + " (select request_id from request_content where purge_after <= ? limit ?)";
        long purged = 0;
        try (Connection c = dataSource.getConnection(); PreparedStatement st = c.prepareStatement(sql)) {
            st.setTimestamp(1, Timestamp.from(now));
            st.setInt(2, PURGE_BATCH);
            int deleted;
            do {
                deleted = st.executeUpdate();
                purged += deleted;
            } while (deleted == PURGE_BATCH);
            return purged;
        } catch (SQLException e) {
            throw new PersistenceException("could not purge expired request content (" + purged + " rows purged)", e);
        }
    }

    private static RequestContent read(ResultSet rs) throws SQLException {
        String messages = rs.getString("messages");
        return new RequestContent(rs.getString("request_id"), new TenantId(rs.getObject("tenant_id", UUID.class)),
                rs.getString("model"), Optional.ofNullable(messages).map(PostgresRequestContentStore::messages),
                rs.getString("prompt"), rs.getString("completion"), rs.getTimestamp("created_at").toInstant(),
                rs.getTimestamp("purge_after").toInstant());
    }

    private static String json(List<ChatMessage> messages) {
        try {
            return JSON.writeValueAsString(messages.stream().map(m -> new Message(m.role(), m.content())).toList());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("chat messages are plain strings and always serialize", e);
        }
    }

    private static List<ChatMessage> messages(String json) {
        try {
            return JSON.readValue(json, MESSAGES).stream().map(m -> new ChatMessage(m.role(), m.content())).toList();
        } catch (JsonProcessingException e) {
            throw new PersistenceException("stored chat messages are not a JSON array of {role, content}", e);
        }
    }
}

package dev.moeserve.infrastructure.persistence;

import dev.moeserve.application.port.out.TenantDirectory;
import dev.moeserve.domain.tenancy.ApiKeyId;
import dev.moeserve.domain.tenancy.Caller;
import dev.moeserve.domain.tenancy.TenantId;
import dev.moeserve.domain.tenancy.TenantLimits;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;

/** Tenants and API keys in PostgreSQL; keys are looked up by hash only. */
public final class PostgresTenantDirectory implements TenantDirectory {
    private final DataSource dataSource;

    public PostgresTenantDirectory(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public Optional<Caller> findActiveKey(String keyHash) {
        // one statement both checks the key and records its use, so revocation applies to the very next request
        String sql = """
                update api_key k set last_used_at = now()
                from tenant t
                where k.key_hash = ? and k.revoked_at is null and t.id = k.tenant_id and t.status = 'active'
                returning k.id, k.tenant_id""";
        try (Connection c = dataSource.getConnection(); PreparedStatement st = c.prepareStatement(sql)) {
            st.setString(1, keyHash);
            try (ResultSet rs = st.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new Caller(new TenantId(rs.getObject(2, UUID.class)),
                        new ApiKeyId(rs.getObject(1, UUID.class))));
            }
        } catch (SQLException e) {
            throw new PersistenceException("could not look up an API key", e);
        }
    }

    @Override
    public TenantId createTenant(String name) {
        TenantId id = TenantId.random();
        try (Connection c = dataSource.getConnection();
             PreparedStatement st = c.prepareStatement("insert into tenant (id, name) values (?, ?)")) {
            st.setObject(1, id.value());
            st.setString(2, name);
            st.executeUpdate();
            return id;
        } catch (SQLException e) {
            throw new PersistenceException("could not create tenant '" + name + "'", e);
        }
    }

    @Override
    public ApiKeyId addKey(TenantId tenant, String keyHash, String keyPrefix, String label) {
        ApiKeyId id = ApiKeyId.random();
        try (Connection c = dataSource.getConnection(); PreparedStatement st = c.prepareStatement(
                "insert into api_key (id, tenant_id, key_hash, key_prefix, label) values (?, ?, ?, ?, ?)")) {
            st.setObject(1, id.value());
            st.setObject(2, tenant.value());
            st.setString(3, keyHash);
            st.setString(4, keyPrefix);
            st.setString(5, label);
            st.executeUpdate();
            return id;
        } catch (SQLException e) {
            throw new PersistenceException("could not add a key to tenant " + tenant, e);
        }
    }

    @Override
    public TenantLimits limits(TenantId tenant) {
        try (Connection c = dataSource.getConnection(); PreparedStatement st = c.prepareStatement(
                "select plan, requests_per_minute, tokens_per_minute, max_concurrent from tenant where id = ?")) {
            st.setObject(1, tenant.value());
            try (ResultSet rs = st.executeQuery()) {
                if (!rs.next()) {
                    return TenantLimits.UNLIMITED;
                }
                return new TenantLimits(Optional.ofNullable(rs.getString(1)), optionalInt(rs, 2), optionalInt(rs, 3),
                        optionalInt(rs, 4));
            }
        } catch (SQLException e) {
            throw new PersistenceException("could not read the limits of tenant " + tenant, e);
        }
    }

    /** Sets the tenant's limits; an empty value means unlimited. False when there is no such tenant. */
    public boolean setLimits(TenantId tenant, OptionalInt requestsPerMinute, OptionalInt tokensPerMinute, OptionalInt maxConcurrent) {
        try (Connection c = dataSource.getConnection(); PreparedStatement st = c.prepareStatement(
                "update tenant set requests_per_minute = ?, tokens_per_minute = ?, max_concurrent = ? where id = ?")) {
            st.setObject(1, requestsPerMinute.isPresent() ? requestsPerMinute.getAsInt() : null);
            st.setObject(2, tokensPerMinute.isPresent() ? tokensPerMinute.getAsInt() : null);
            st.setObject(3, maxConcurrent.isPresent() ? maxConcurrent.getAsInt() : null);
            st.setObject(4, tenant.value());
            return st.executeUpdate() == 1;
        } catch (SQLException e) {
            throw new PersistenceException("could not set the limits of tenant " + tenant, e);
        }
    }

    private static OptionalInt optionalInt(ResultSet rs, int column) throws SQLException {
        int v = rs.getInt(column);
        return rs.wasNull() ? OptionalInt.empty() : OptionalInt.of(v);
    }

    /** Whether any tenant exists (first-start detection). */
    public boolean hasTenant(String name) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement st = c.prepareStatement("select 1 from tenant where name = ?")) {
            st.setString(1, name);
            try (ResultSet rs = st.executeQuery()) {
                return rs.next();
            }
        } catch (SQLException e) {
            throw new PersistenceException("could not look up tenant '" + name + "'", e);
        }
    }

    /** Revokes a key; it fails on its next request. */
    public void revokeKey(ApiKeyId key) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement st = c.prepareStatement("update api_key set revoked_at = now() where id = ? and revoked_at is null")) {
            st.setObject(1, key.value());
            st.executeUpdate();
        } catch (SQLException e) {
            throw new PersistenceException("could not revoke key " + key, e);
        }
    }
}

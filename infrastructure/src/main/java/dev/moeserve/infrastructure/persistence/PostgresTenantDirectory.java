package dev.moeserve.infrastructure.persistence;

import dev.moeserve.application.port.out.TenantDirectory;
import dev.moeserve.domain.tenancy.ApiKeyId;
import dev.moeserve.domain.tenancy.ApiKeyRecord;
import dev.moeserve.domain.tenancy.Caller;
import dev.moeserve.domain.tenancy.ContentRetention;
import dev.moeserve.domain.tenancy.TenantId;
import dev.moeserve.domain.tenancy.TenantLimits;
import dev.moeserve.domain.tenancy.TenantProfile;
import dev.moeserve.domain.tenancy.TenantStatus;

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
import java.util.OptionalInt;
import java.util.UUID;

/** Tenants and API keys in PostgreSQL; keys are looked up by hash only. */
public final class PostgresTenantDirectory implements TenantDirectory {
    private static final String TENANT_COLUMNS =
            "id, name, status, created_at, plan, requests_per_minute, tokens_per_minute, max_concurrent, content_retention_days";
    private static final String KEY_COLUMNS = "id, tenant_id, key_prefix, label, created_at, revoked_at, last_used_at";

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
    public boolean isKeyOfSuspendedTenant(String keyHash) {
        String sql = "select 1 from api_key k join tenant t on t.id = k.tenant_id"
                + " where k.key_hash = ? and k.revoked_at is null and t.status = 'suspended'";
        try (Connection c = dataSource.getConnection(); PreparedStatement st = c.prepareStatement(sql)) {
            st.setString(1, keyHash);
            try (ResultSet rs = st.executeQuery()) {
                return rs.next();
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
    public List<TenantProfile> tenants(int offset, int limit) {
        try (Connection c = dataSource.getConnection(); PreparedStatement st = c.prepareStatement(
                "select " + TENANT_COLUMNS + " from tenant order by created_at, id offset ? limit ?")) {
            st.setInt(1, offset);
            st.setInt(2, limit);
            List<TenantProfile> out = new ArrayList<>();
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    out.add(profile(rs));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new PersistenceException("could not list tenants", e);
        }
    }

    @Override
    public Optional<TenantProfile> tenant(TenantId tenant) {
        return oneTenant("id", tenant.value());
    }

    @Override
    public Optional<TenantProfile> tenantNamed(String name) {
        return oneTenant("name", name);
    }

    private Optional<TenantProfile> oneTenant(String column, Object value) {
        try (Connection c = dataSource.getConnection(); PreparedStatement st = c.prepareStatement(
                "select " + TENANT_COLUMNS + " from tenant where " + column + " = ?")) {
            st.setObject(1, value);
            try (ResultSet rs = st.executeQuery()) {
                return rs.next() ? Optional.of(profile(rs)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new PersistenceException("could not read tenant " + value, e);
        }
    }

    @Override
    public boolean setStatus(TenantId tenant, TenantStatus status) {
        return updateTenant("status = ?", status.wireName(), tenant);
    }

    @Override
    public boolean setPlan(TenantId tenant, Optional<String> plan) {
        return updateTenant("plan = ?", plan.orElse(null), tenant);
    }

    @Override
    public ContentRetention contentRetention(TenantId tenant) {
        try (Connection c = dataSource.getConnection(); PreparedStatement st = c.prepareStatement(
                "select content_retention_days from tenant where id = ?")) {
            st.setObject(1, tenant.value());
            try (ResultSet rs = st.executeQuery()) {
                return rs.next() ? new ContentRetention(optionalInt(rs, 1)) : ContentRetention.OFF;
            }
        } catch (SQLException e) {
            throw new PersistenceException("could not read the content retention of tenant " + tenant, e);
        }
    }

    @Override
    public boolean setContentRetention(TenantId tenant, ContentRetention retention) {
        return updateTenant("content_retention_days = ?",
                retention.days().isPresent() ? retention.days().getAsInt() : null, tenant);
    }

    private boolean updateTenant(String assignment, Object value, TenantId tenant) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement st = c.prepareStatement("update tenant set " + assignment + " where id = ?")) {
            st.setObject(1, value);
            st.setObject(2, tenant.value());
            return st.executeUpdate() == 1;
        } catch (SQLException e) {
            throw new PersistenceException("could not update tenant " + tenant, e);
        }
    }

    @Override
    public List<ApiKeyRecord> keys(TenantId tenant) {
        try (Connection c = dataSource.getConnection(); PreparedStatement st = c.prepareStatement(
                "select " + KEY_COLUMNS + " from api_key where tenant_id = ? order by created_at desc, id")) {
            st.setObject(1, tenant.value());
            List<ApiKeyRecord> out = new ArrayList<>();
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    out.add(key(rs));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new PersistenceException("could not list the keys of tenant " + tenant, e);
        }
    }

    @Override
    public Optional<ApiKeyRecord> revokeKey(TenantId tenant, ApiKeyId key) {
        // the tenant is part of the condition, so no tenant's id can reach another tenant's key
        try (Connection c = dataSource.getConnection(); PreparedStatement st = c.prepareStatement(
                "update api_key set revoked_at = coalesce(revoked_at, now()) where id = ? and tenant_id = ? returning "
                        + KEY_COLUMNS)) {
            st.setObject(1, key.value());
            st.setObject(2, tenant.value());
            try (ResultSet rs = st.executeQuery()) {
                return rs.next() ? Optional.of(key(rs)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new PersistenceException("could not revoke key " + key, e);
        }
    }

    private static TenantProfile profile(ResultSet rs) throws SQLException {
        return new TenantProfile(new TenantId(rs.getObject("id", UUID.class)), rs.getString("name"),
                TenantStatus.fromWireName(rs.getString("status")), rs.getTimestamp("created_at").toInstant(),
                new TenantLimits(Optional.ofNullable(rs.getString("plan")), optionalInt(rs, "requests_per_minute"),
                        optionalInt(rs, "tokens_per_minute"), optionalInt(rs, "max_concurrent")),
                new ContentRetention(optionalInt(rs, "content_retention_days")));
    }

    private static ApiKeyRecord key(ResultSet rs) throws SQLException {
        return new ApiKeyRecord(new ApiKeyId(rs.getObject("id", UUID.class)), new TenantId(rs.getObject("tenant_id", UUID.class)),
                rs.getString("key_prefix"), rs.getString("label"), rs.getTimestamp("created_at").toInstant(),
                instant(rs.getTimestamp("revoked_at")), instant(rs.getTimestamp("last_used_at")));
    }

    private static Optional<Instant> instant(Timestamp timestamp) {
        return timestamp == null ? Optional.empty() : Optional.of(timestamp.toInstant());
    }

    private static OptionalInt optionalInt(ResultSet rs, String column) throws SQLException {
        int v = rs.getInt(column);
        return rs.wasNull() ? OptionalInt.empty() : OptionalInt.of(v);
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

    @Override
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

package dev.moeserve.infrastructure.persistence;

import dev.moeserve.application.port.out.OperatorDirectory;
import dev.moeserve.domain.operator.Operator;
import dev.moeserve.domain.operator.OperatorRole;
import dev.moeserve.domain.tenancy.ApiKeySecret;

import javax.sql.DataSource;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.UUID;

/** Operator credentials (roles {@code admin} and {@code auditor}), stored as SHA-256 hashes. */
public final class PostgresAdminCredentials implements OperatorDirectory {
    private static final SecureRandom RANDOM = new SecureRandom();
    private final DataSource dataSource;

    public PostgresAdminCredentials(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public boolean exists(String name) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement st = c.prepareStatement("select 1 from admin_credential where name = ? and revoked_at is null")) {
            st.setString(1, name);
            try (ResultSet rs = st.executeQuery()) {
                return rs.next();
            }
        } catch (SQLException e) {
            throw new PersistenceException("could not look up admin credential '" + name + "'", e);
        }
    }

    /** Issues a new token for a named operator; the token is returned once and only its hash is kept. */
    public String issue(String name, String role) {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        String token = "ms-" + role + "-" + HexFormat.of().formatHex(bytes);
        try (Connection c = dataSource.getConnection(); PreparedStatement st = c.prepareStatement(
                "insert into admin_credential (id, name, role, token_hash) values (?, ?, ?, ?)")) {
            st.setObject(1, UUID.randomUUID());
            st.setString(2, name);
            st.setString(3, role);
            st.setString(4, ApiKeySecret.presented(token).hash());
            st.executeUpdate();
            return token;
        } catch (SQLException e) {
            throw new PersistenceException("could not issue a token for '" + name + "'", e);
        }
    }

    /** The role of the operator holding this token, if it is valid. */
    public Optional<String> roleOf(String token) {
        if (token == null || token.isBlank()) {
            return Optional.empty();
        }
        try (Connection c = dataSource.getConnection(); PreparedStatement st = c.prepareStatement(
                "select role from admin_credential where token_hash = ? and revoked_at is null")) {
            st.setString(1, ApiKeySecret.presented(token.strip()).hash());
            try (ResultSet rs = st.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new PersistenceException("could not check an admin token", e);
        }
    }

    @Override
    public Optional<Operator> findByTokenHash(String tokenHash) {
        try (Connection c = dataSource.getConnection(); PreparedStatement st = c.prepareStatement(
                "select name, role from admin_credential where token_hash = ? and revoked_at is null")) {
            st.setString(1, tokenHash);
            try (ResultSet rs = st.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                String role = rs.getString("role");
                return Optional.of(new Operator(rs.getString("name"), OperatorRole.fromWireName(role)
                        .orElseThrow(() -> new IllegalStateException("unknown operator role '" + role + "' in admin_credential"))));
            }
        } catch (SQLException e) {
            throw new PersistenceException("could not check an admin token", e);
        }
    }
}

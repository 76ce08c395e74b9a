package dev.moeserve.infrastructure.persistence;

import dev.moeserve.application.port.out.CreditAccounts;
import dev.moeserve.domain.pricing.Money;
import dev.moeserve.domain.tenancy.CreditBalance;
import dev.moeserve.domain.tenancy.TenantId;

import javax.sql.DataSource;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;

/**
 * Prepaid credit in PostgreSQL. Every change locks the tenant's account row first, so concurrent
 * requests see each other's reservations and the balance can never go below zero.
 */
public final class PostgresCreditAccounts implements CreditAccounts {
    /** Kinds of credit, as the DeepSeek API distinguishes them. */
    public enum Kind { GRANTED, TOPPED_UP }

    private final DataSource dataSource;

    public PostgresCreditAccounts(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public boolean reserve(TenantId tenant, String requestId, Money amount) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                String currency = amount.currency().getCurrencyCode();
                CreditBalance balance = lockBalance(c, tenant, currency);
                if (balance.available().compareTo(amount.amount()) < 0) {
                    c.rollback();
                    return false;
                }
                try (PreparedStatement st = c.prepareStatement(
                        "update credit_account set reserved = reserved + ? where tenant_id = ? and currency = ?")) {
                    st.setBigDecimal(1, amount.amount());
                    st.setObject(2, tenant.value());
                    st.setString(3, currency);
                    st.executeUpdate();
                }
                try (PreparedStatement st = c.prepareStatement(
                        "insert into credit_reservation (request_id, tenant_id, currency, amount) values (?, ?, ?, ?)")) {
                    st.setString(1, requestId);
                    st.setObject(2, tenant.value());
                    st.setString(3, currency);
                    st.setBigDecimal(4, amount.amount());
                    st.executeUpdate();
                }
                c.commit();
                return true;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new PersistenceException("could not reserve credit for " + requestId, e);
        }
    }

    @Override
    public CreditBalance grant(TenantId tenant, Money amount, String by) {
        return add(tenant, amount, Kind.GRANTED, by);
    }

    @Override
    public CreditBalance topUp(TenantId tenant, Money amount, String by) {
        return add(tenant, amount, Kind.TOPPED_UP, by);
    }

    /** Adds credit and records the movement, in one transaction. */
    public CreditBalance add(TenantId tenant, Money amount, Kind kind, String by) {
        if (amount.amount().signum() <= 0) {
            throw new IllegalArgumentException("credit amount must be positive, got " + amount.amount().toPlainString());
        }
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                String currency = amount.currency().getCurrencyCode();
                lockBalance(c, tenant, currency);
                String column = kind == Kind.GRANTED ? "granted" : "topped_up";
                try (PreparedStatement st = c.prepareStatement("update credit_account set " + column + " = " + column
                        + " + ? where tenant_id = ? and currency = ?")) {
                    st.setBigDecimal(1, amount.amount());
                    st.setObject(2, tenant.value());
                    st.setString(3, currency);
                    st.executeUpdate();
                }
                try (PreparedStatement st = c.prepareStatement(
                        "insert into credit_entry (tenant_id, currency, kind, amount, created_by) values (?, ?, ?, ?, ?)")) {
                    st.setObject(1, tenant.value());
                    st.setString(2, currency);
                    st.setString(3, kind == Kind.GRANTED ? "granted" : "topped_up");
                    st.setBigDecimal(4, amount.amount());
                    st.setString(5, by);
                    st.executeUpdate();
                }
                CreditBalance after = lockBalance(c, tenant, currency);
                c.commit();
                return after;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new PersistenceException("could not add credit to tenant " + tenant, e);
        }
    }

    @Override
    public List<CreditBalance> balances(TenantId tenant) {
        try (Connection c = dataSource.getConnection(); PreparedStatement st = c.prepareStatement(
                "select currency, granted, topped_up, reserved from credit_account where tenant_id = ? order by currency")) {
            st.setObject(1, tenant.value());
            List<CreditBalance> out = new ArrayList<>();
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    out.add(balance(rs));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new PersistenceException("could not read the balance of tenant " + tenant, e);
        }
    }

    /** Locks (creating if needed) the tenant's account row in this currency, inside the caller's transaction. */
    static CreditBalance lockBalance(Connection c, TenantId tenant, String currency) throws SQLException {
        try (PreparedStatement st = c.prepareStatement(
                "insert into credit_account (tenant_id, currency) values (?, ?) on conflict do nothing")) {
            st.setObject(1, tenant.value());
            st.setString(2, currency);
            st.executeUpdate();
        }
        try (PreparedStatement st = c.prepareStatement("""
                select currency, granted, topped_up, reserved from credit_account
                where tenant_id = ? and currency = ? for update""")) {
            st.setObject(1, tenant.value());
            st.setString(2, currency);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return balance(rs);
            }
        }
    }

    private static CreditBalance balance(ResultSet rs) throws SQLException {
        return new CreditBalance(Currency.getInstance(rs.getString("currency").strip()),
                strip(rs.getBigDecimal("granted")), strip(rs.getBigDecimal("topped_up")), strip(rs.getBigDecimal("reserved")));
    }

    private static BigDecimal strip(BigDecimal v) {
        return v.signum() == 0 ? BigDecimal.ZERO : v.stripTrailingZeros();
    }
}

package dev.moeserve.infrastructure.persistence;

import dev.moeserve.application.port.out.UsageLedger;
import dev.moeserve.domain.tenancy.ApiKeyId;
import dev.moeserve.domain.tenancy.CreditBalance;
import dev.moeserve.domain.tenancy.TenantId;
import dev.moeserve.domain.usage.ChargeSummary;
import dev.moeserve.domain.usage.LedgerChain;
import dev.moeserve.domain.usage.TokenCounts;
import dev.moeserve.domain.usage.UsageRecord;
import dev.moeserve.domain.usage.UsageStatus;

import javax.sql.DataSource;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Currency;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/**
 * The usage ledger in PostgreSQL. One transaction per request: the hash-chained ledger row, the
 * settlement of the request's credit reservation, and the daily rollup row.
 */
public final class PostgresUsageLedger implements UsageLedger {
    static final String ROW_COLUMNS = """
            request_id, tenant_id, api_key_id, model, backend, prompt_tokens, prompt_cache_hit_tokens,
            completion_tokens, status, started_at, finished_at, price_version, promotion_ids, currency,
            charge_input_cache_hit, charge_input_cache_miss, charge_output, charge_discount, charge_total""";

    private final DataSource dataSource;

    public PostgresUsageLedger(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public boolean append(UsageRecord r) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                boolean inserted = appendIn(c, r);
                c.commit();
                return inserted;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new PersistenceException("could not append usage row " + r.requestId(), e);
        }
    }

    private static boolean appendIn(Connection c, UsageRecord r) throws SQLException {
        // the chain head's row lock serializes appends, so every row links to exactly one predecessor
        String previousHash;
        try (PreparedStatement st = c.prepareStatement("select last_hash from ledger_chain_head where id = 1 for update");
             ResultSet rs = st.executeQuery()) {
            rs.next();
            previousHash = rs.getString(1);
        }
        if (exists(c, r.requestId())) {
            return false;
        }
        String rowHash = LedgerChain.hash(previousHash, r);
        long seq;
        try (PreparedStatement st = c.prepareStatement("insert into usage_ledger (" + ROW_COLUMNS
                + ", prev_hash, row_hash) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) returning seq")) {
            ChargeSummary ch = r.charge();
            st.setString(1, r.requestId());
            st.setObject(2, r.tenantId().value());
            st.setObject(3, r.apiKeyId().value());
            st.setString(4, r.model());
            st.setString(5, r.backend());
            st.setInt(6, r.tokens().promptTokens());
            st.setInt(7, r.tokens().promptCacheHitTokens());
            st.setInt(8, r.tokens().completionTokens());
            st.setString(9, r.status().wireName());
            st.setTimestamp(10, Timestamp.from(LedgerChain.storable(r.startedAt())));
            st.setTimestamp(11, Timestamp.from(LedgerChain.storable(r.finishedAt())));
            st.setString(12, ch.priceVersion().orElse(null));
            st.setString(13, ch.promotionIds().isEmpty() ? null : String.join(",", ch.promotionIds()));
            st.setString(14, ch.currency().getCurrencyCode());
            st.setBigDecimal(15, ch.inputCacheHit());
            st.setBigDecimal(16, ch.inputCacheMiss());
            st.setBigDecimal(17, ch.output());
            st.setBigDecimal(18, ch.discount());
            st.setBigDecimal(19, ch.total());
            st.setString(20, previousHash);
            st.setString(21, rowHash);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                seq = rs.getLong(1);
            }
        }
        try (PreparedStatement st = c.prepareStatement("update ledger_chain_head set last_seq = ?, last_hash = ? where id = 1")) {
            st.setLong(1, seq);
            st.setString(2, rowHash);
            st.executeUpdate();
        }
        settle(c, r);
        rollUp(c, r);
        return true;
    }

    private static boolean exists(Connection c, String requestId) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("select 1 from usage_ledger where request_id = ?")) {
            st.setString(1, requestId);
            try (ResultSet rs = st.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** Releases the request's reservation and draws the exact charge, granted credit first. */
    private static void settle(Connection c, UsageRecord r) throws SQLException {
        BigDecimal reserved = BigDecimal.ZERO;
        try (PreparedStatement st = c.prepareStatement("delete from credit_reservation where request_id = ? returning amount")) {
            st.setString(1, r.requestId());
            try (ResultSet rs = st.executeQuery()) {
                if (rs.next()) {
                    reserved = rs.getBigDecimal(1);
                }
            }
        }
        BigDecimal charge = r.charge().total();
        if (reserved.signum() == 0 && charge.signum() == 0) {
            return;
        }
        String currency = r.charge().currency().getCurrencyCode();
        CreditBalance balance = PostgresCreditAccounts.lockBalance(c, r.tenantId(), currency);
        CreditBalance.Drawdown draw = balance.draw(charge);
        try (PreparedStatement st = c.prepareStatement("""
                update credit_account set granted = granted - ?, topped_up = topped_up - ?, reserved = reserved - ?
                where tenant_id = ? and currency = ?""")) {
            st.setBigDecimal(1, draw.fromGranted());
            st.setBigDecimal(2, draw.fromToppedUp());
            st.setBigDecimal(3, reserved);
            st.setObject(4, r.tenantId().value());
            st.setString(5, currency);
            st.executeUpdate();
        }
    }

    private static void rollUp(Connection c, UsageRecord r) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("""
                insert into usage_daily (tenant_id, model, backend, day, currency, requests, prompt_cache_hit_tokens,
                    prompt_cache_miss_tokens, completion_tokens, charge_discount, charge_total)
                values (?, ?, ?, ?, ?, 1, ?, ?, ?, ?, ?)
                on conflict (tenant_id, day, model, backend, currency) do update set
                    requests = usage_daily.requests + 1,
                    prompt_cache_hit_tokens = usage_daily.prompt_cache_hit_tokens + excluded.prompt_cache_hit_tokens,
                    prompt_cache_miss_tokens = usage_daily.prompt_cache_miss_tokens + excluded.prompt_cache_miss_tokens,
                    completion_tokens = usage_daily.completion_tokens + excluded.completion_tokens,
                    charge_discount = usage_daily.charge_discount + excluded.charge_discount,
                    charge_total = usage_daily.charge_total + excluded.charge_total""")) {
            st.setObject(1, r.tenantId().value());
            st.setString(2, r.model());
            st.setString(3, r.backend());
            st.setObject(4, r.startedAt().atOffset(ZoneOffset.UTC).toLocalDate());
            st.setString(5, r.charge().currency().getCurrencyCode());
            st.setLong(6, r.tokens().promptCacheHitTokens());
            st.setLong(7, r.tokens().promptCacheMissTokens());
            st.setLong(8, r.tokens().completionTokens());
            st.setBigDecimal(9, r.charge().discount());
            st.setBigDecimal(10, r.charge().total());
            st.executeUpdate();
        }
    }

    @Override
    public List<UsageRecord> recent(TenantId tenant, int offset, int limit) {
        String sql = "select " + ROW_COLUMNS + " from usage_ledger where tenant_id = ? order by seq desc offset ? limit ?";
        try (Connection c = dataSource.getConnection(); PreparedStatement st = c.prepareStatement(sql)) {
            st.setObject(1, tenant.value());
            st.setInt(2, offset);
            st.setInt(3, limit);
            List<UsageRecord> rows = new ArrayList<>();
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    rows.add(read(rs));
                }
            }
            return rows;
        } catch (SQLException e) {
            throw new PersistenceException("could not read usage of tenant " + tenant, e);
        }
    }

    /** Reads one row selected with {@link #ROW_COLUMNS}. */
    static UsageRecord read(ResultSet rs) throws SQLException {
        String promotions = rs.getString("promotion_ids");
        return new UsageRecord(
                rs.getString("request_id"),
                new TenantId(rs.getObject("tenant_id", UUID.class)),
                new ApiKeyId(rs.getObject("api_key_id", UUID.class)),
                rs.getString("model"),
                rs.getString("backend"),
                new TokenCounts(rs.getInt("prompt_tokens"), rs.getInt("prompt_cache_hit_tokens"),
                        rs.getInt("completion_tokens")),
                UsageStatus.valueOf(rs.getString("status").toUpperCase(Locale.ROOT)),
                rs.getTimestamp("started_at").toInstant(),
                rs.getTimestamp("finished_at").toInstant(),
                new ChargeSummary(
                        Optional.ofNullable(rs.getString("price_version")),
                        promotions == null ? List.of() : Arrays.asList(promotions.split(",")),
                        Currency.getInstance(rs.getString("currency") == null ? "USD" : rs.getString("currency").strip()),
                        rs.getBigDecimal("charge_input_cache_hit"),
                        rs.getBigDecimal("charge_input_cache_miss"),
                        rs.getBigDecimal("charge_output"),
                        rs.getBigDecimal("charge_discount"),
                        rs.getBigDecimal("charge_total")));
    }
}

package dev.moeserve.infrastructure.persistence;

import dev.moeserve.application.port.out.UsageFilter;
import dev.moeserve.application.port.out.UsageLedger;
import dev.moeserve.application.port.out.UsageOrder;
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
import java.time.Instant;
import java.time.LocalDate;
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

    /** The summed columns every rollup table has, in this order. */
    static final String ROLLUP_SUMS =
            "requests, prompt_cache_hit_tokens, prompt_cache_miss_tokens, completion_tokens, charge_discount, charge_total";

    private final DataSource dataSource;

    /** The columns {@link #read} expects, for other readers of the ledger (verification, export). */
    public static String rowColumns() {
        return ROW_COLUMNS;
    }

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

    /**
     * Adds the row to the rollups reports read instead of the ledger: per tenant and day, across tenants
     * per day, and per tenant and month. Appends are serialized by the chain head's lock, so the shared
     * rows of the totals are no new point of contention.
     */
    private static void rollUp(Connection c, UsageRecord r) throws SQLException {
        LocalDate day = r.startedAt().atOffset(ZoneOffset.UTC).toLocalDate();
        String currency = r.charge().currency().getCurrencyCode();
        UUID tenant = r.tenantId().value();
        addTo(c, "usage_daily", List.of("tenant_id", "day", "model", "backend", "currency"),
                List.of(tenant, day, r.model(), r.backend(), currency), r);
        addTo(c, "usage_daily_total", List.of("day", "model", "backend", "currency"),
                List.of(day, r.model(), r.backend(), currency), r);
        addTo(c, "usage_monthly", List.of("tenant_id", "month", "model", "backend", "currency"),
                List.of(tenant, day.withDayOfMonth(1), r.model(), r.backend(), currency), r);
    }

    /** Adds one request's counts and charge to the rollup row with these key values, creating it if needed. */
    private static void addTo(Connection c, String table, List<String> keys, List<Object> values, UsageRecord r) throws SQLException {
        String sql = "insert into " + table + " (" + String.join(", ", keys) + ", " + ROLLUP_SUMS + ") values ("
                + "?, ".repeat(keys.size()) + "1, ?, ?, ?, ?, ?) on conflict (" + String.join(", ", keys) + ") do update set "
                + String.join(", ", Arrays.stream(ROLLUP_SUMS.split(", ")).map(col -> col + " = " + table + "." + col + " + excluded." + col).toList());
        try (PreparedStatement st = c.prepareStatement(sql)) {
            int i = 1;
            for (Object value : values) {
                st.setObject(i++, value);
            }
            st.setLong(i++, r.tokens().promptCacheHitTokens());
            st.setLong(i++, r.tokens().promptCacheMissTokens());
            st.setLong(i++, r.tokens().completionTokens());
            st.setBigDecimal(i++, r.charge().discount());
            st.setBigDecimal(i, r.charge().total());
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

    @Override
    public List<UsageRecord> rows(UsageFilter filter, Optional<Instant> from, Optional<Instant> to, UsageOrder order,
                                  int offset, int limit) {
        UsageConditions where = UsageConditions.of(filter);
        from.ifPresent(f -> where.add("started_at >= ?", f));
        to.ifPresent(t -> where.add("started_at < ?", t));
        String sql = "select " + ROW_COLUMNS + " from usage_ledger" + where.sql()
                + " order by " + orderBy(order) + " offset ? limit ?";
        try (Connection c = dataSource.getConnection(); PreparedStatement st = c.prepareStatement(sql)) {
            int next = where.bind(st);
            st.setInt(next, offset);
            st.setInt(next + 1, limit);
            List<UsageRecord> rows = new ArrayList<>();
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    rows.add(read(rs));
                }
            }
            return rows;
        } catch (SQLException e) {
            throw new PersistenceException("could not read usage rows", e);
        }
    }

    /** The SQL for each order, from a closed list: nothing a caller sends is spliced into the statement. */
    private static String orderBy(UsageOrder order) {
        return switch (order) {
            case NEWEST -> "started_at desc, seq desc";
            case OLDEST -> "started_at, seq";
            case TOTAL_HIGHEST -> "charge_total desc nulls last, seq desc";
            case TOTAL_LOWEST -> "charge_total nulls first, seq desc";
            case TOKENS_MOST -> "prompt_tokens + completion_tokens desc, seq desc";
            case TOKENS_FEWEST -> "prompt_tokens + completion_tokens, seq desc";
        };
    }

    /** Reads one row selected with {@link #ROW_COLUMNS}. */
    public static UsageRecord read(ResultSet rs) throws SQLException {
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

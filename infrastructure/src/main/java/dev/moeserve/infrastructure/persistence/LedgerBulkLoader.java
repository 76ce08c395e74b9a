package dev.moeserve.infrastructure.persistence;

import dev.moeserve.domain.usage.ChargeSummary;
import dev.moeserve.domain.usage.LedgerChain;
import dev.moeserve.domain.usage.UsageRecord;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

import javax.sql.DataSource;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Loads many ledger rows at once through PostgreSQL's {@code COPY}, into the same tables and with the same
 * hash chain and daily rollups that {@link PostgresUsageLedger#append} keeps row by row, in one transaction.
 * For benchmarks and imports of history: it settles no credit, since the rows were never reserved.
 */
public final class LedgerBulkLoader {
    /** Rows buffered before each write to the server: big enough to amortise, small enough to stream. */
    private static final int FLUSH_BYTES = 1 << 20;

    private final DataSource dataSource;

    public LedgerBulkLoader(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** What one load wrote. */
    public record Loaded(long rows, long rollupRows, String lastHash) {
    }

    /** Creates tenants with one API key each, by id and name (key hashes are random: nobody can use them). */
    public void createTenants(List<UUID> tenantIds, List<UUID> keyIds, String namePrefix) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            StringBuilder tenants = new StringBuilder();
            StringBuilder keys = new StringBuilder();
            for (int i = 0; i < tenantIds.size(); i++) {
                tenants.append(tenantIds.get(i)).append(',').append(namePrefix).append(i).append('\n');
                keys.append(keyIds.get(i)).append(',').append(tenantIds.get(i)).append(',')
                        .append(UUID.randomUUID().toString().replace("-", "")).append(UUID.randomUUID().toString().replace("-", ""))
                        .append(",sk-ms-bench\n");
            }
            copy(c, "copy tenant (id, name) from stdin (format csv)", tenants.toString());
            copy(c, "copy api_key (id, tenant_id, key_hash, key_prefix) from stdin (format csv)", keys.toString());
            c.commit();
        } catch (SQLException e) {
            throw new PersistenceException("could not create the benchmark tenants", e);
        }
    }

    /**
     * Appends {@code rows} in their order, continuing the hash chain from its head, and adds them to the
     * daily rollup. Rows must have request ids not yet in the ledger.
     */
    public Loaded load(Iterator<UsageRecord> rows) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                Loaded loaded = loadIn(c, rows);
                c.commit();
                return loaded;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new PersistenceException("could not bulk-load ledger rows", e);
        }
    }

    private static Loaded loadIn(Connection c, Iterator<UsageRecord> rows) throws SQLException {
        try (Statement st = c.createStatement()) {
            // the same lock as every append: nothing else may extend the chain meanwhile
            try (ResultSet rs = st.executeQuery("select last_seq, last_hash from ledger_chain_head where id = 1 for update")) {
                rs.next();
            }
            st.execute("set local synchronous_commit = off");
        }
        String previous;
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("select last_hash from ledger_chain_head where id = 1")) {
            rs.next();
            previous = rs.getString(1);
        }
        Map<RollupKey, Rollup> rollup = new HashMap<>();
        long count = 0;
        CopyIn copy = c.unwrap(PGConnection.class).getCopyAPI().copyIn("copy usage_ledger (" + PostgresUsageLedger.ROW_COLUMNS
                + ", prev_hash, row_hash) from stdin (format csv)");
        try {
            StringBuilder buffer = new StringBuilder(FLUSH_BYTES + 4096);
            while (rows.hasNext()) {
                UsageRecord r = rows.next();
                String hash = LedgerChain.hash(previous, r);
                appendCsv(buffer, r, previous, hash);
                previous = hash;
                count++;
                rollup.computeIfAbsent(RollupKey.of(r), k -> new Rollup()).add(r);
                if (buffer.length() >= FLUSH_BYTES) {
                    write(copy, buffer);
                }
            }
            write(copy, buffer);
            copy.endCopy();
        } finally {
            if (copy.isActive()) {
                copy.cancelCopy();
            }
        }
        long rollupRows = mergeRollup(c, rollup);
        try (PreparedStatement st = c.prepareStatement(
                "update ledger_chain_head set last_seq = (select coalesce(max(seq), 0) from usage_ledger), last_hash = ? where id = 1")) {
            st.setString(1, previous);
            st.executeUpdate();
        }
        return new Loaded(count, rollupRows, previous);
    }

    /** The rows' daily sums, copied to a scratch table and added to every rollup table as appends do. */
    private static long mergeRollup(Connection c, Map<RollupKey, Rollup> rollup) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("create temporary table usage_daily_load (like usage_daily) on commit drop");
        }
        StringBuilder csv = new StringBuilder();
        for (Map.Entry<RollupKey, Rollup> e : rollup.entrySet()) {
            RollupKey k = e.getKey();
            Rollup v = e.getValue();
            csv.append(k.tenant()).append(',').append(quoted(k.model())).append(',').append(quoted(k.backend())).append(',')
                    .append(k.day()).append(',').append(k.currency()).append(',').append(v.requests).append(',')
                    .append(v.hit).append(',').append(v.miss).append(',').append(v.completion).append(',')
                    .append(v.discount.toPlainString()).append(',').append(v.total.toPlainString()).append('\n');
        }
        copy(c, "copy usage_daily_load (tenant_id, model, backend, day, currency, requests, prompt_cache_hit_tokens,"
                + " prompt_cache_miss_tokens, completion_tokens, charge_discount, charge_total) from stdin (format csv)", csv.toString());
        try (Statement st = c.createStatement()) {
            st.executeUpdate(merge("usage_daily", "tenant_id, day, model, backend, currency", "tenant_id, day, model, backend, currency"));
            st.executeUpdate(merge("usage_daily_total", "day, model, backend, currency", "day, model, backend, currency"));
            st.executeUpdate(merge("usage_monthly", "tenant_id, month, model, backend, currency",
                    "tenant_id, date_trunc('month', day)::date, model, backend, currency"));
        }
        return rollup.size();
    }

    /** Adds the loaded daily sums, grouped by {@code keyExpressions}, to a rollup table as appends would. */
    private static String merge(String table, String keyColumns, String keyExpressions) {
        String sums = PostgresUsageLedger.ROLLUP_SUMS;
        StringBuilder sql = new StringBuilder("insert into ").append(table).append(" (").append(keyColumns).append(", ")
                .append(sums).append(") select ").append(keyExpressions);
        for (String col : sums.split(", ")) {
            sql.append(", sum(").append(col).append(')');
        }
        sql.append(" from usage_daily_load group by ").append(keyExpressions).append(" on conflict (").append(keyColumns)
                .append(") do update set ");
        String[] cols = sums.split(", ");
        for (int i = 0; i < cols.length; i++) {
            sql.append(i == 0 ? "" : ", ").append(cols[i]).append(" = ").append(table).append('.').append(cols[i])
                    .append(" + excluded.").append(cols[i]);
        }
        return sql.toString();
    }

    private static void appendCsv(StringBuilder sb, UsageRecord r, String previousHash, String rowHash) {
        ChargeSummary ch = r.charge();
        sb.append(quoted(r.requestId())).append(',')
                .append(r.tenantId()).append(',')
                .append(r.apiKeyId()).append(',')
                .append(quoted(r.model())).append(',')
                .append(quoted(r.backend())).append(',')
                .append(r.tokens().promptTokens()).append(',')
                .append(r.tokens().promptCacheHitTokens()).append(',')
                .append(r.tokens().completionTokens()).append(',')
                .append(r.status().wireName()).append(',')
                .append(LedgerChain.storable(r.startedAt())).append(',')
                .append(LedgerChain.storable(r.finishedAt())).append(',')
                // an unquoted empty field is NULL in COPY's CSV format
                .append(ch.priceVersion().map(LedgerBulkLoader::quoted).orElse("")).append(',')
                .append(ch.promotionIds().isEmpty() ? "" : quoted(String.join(",", ch.promotionIds()))).append(',')
                .append(ch.currency().getCurrencyCode()).append(',')
                .append(ch.inputCacheHit().toPlainString()).append(',')
                .append(ch.inputCacheMiss().toPlainString()).append(',')
                .append(ch.output().toPlainString()).append(',')
                .append(ch.discount().toPlainString()).append(',')
                .append(ch.total().toPlainString()).append(',')
                .append(previousHash).append(',')
                .append(rowHash).append('\n');
    }

    private static String quoted(String text) {
        return '"' + text.replace("\"", "\"\"") + '"';
    }

    private static void write(CopyIn copy, StringBuilder buffer) throws SQLException {
        byte[] bytes = buffer.toString().getBytes(StandardCharsets.UTF_8);
        copy.writeToCopy(bytes, 0, bytes.length);
        buffer.setLength(0);
    }

    private static void copy(Connection c, String sql, String csv) throws SQLException {
        CopyIn copy = c.unwrap(PGConnection.class).getCopyAPI().copyIn(sql);
        byte[] bytes = csv.getBytes(StandardCharsets.UTF_8);
        copy.writeToCopy(bytes, 0, bytes.length);
        copy.endCopy();
    }

    /** A {@code usage_daily} row's key: the day is the UTC date of the request's start, as appends roll up. */
    private record RollupKey(UUID tenant, String model, String backend, LocalDate day, String currency) {
        static RollupKey of(UsageRecord r) {
            return new RollupKey(r.tenantId().value(), r.model(), r.backend(),
                    r.startedAt().atOffset(ZoneOffset.UTC).toLocalDate(), r.charge().currency().getCurrencyCode());
        }
    }

    private static final class Rollup {
        long requests;
        long hit;
        long miss;
        long completion;
        BigDecimal discount = BigDecimal.ZERO;
        BigDecimal total = BigDecimal.ZERO;

        void add(UsageRecord r) {
            requests++;
            hit += r.tokens().promptCacheHitTokens();
            miss += r.tokens().promptCacheMissTokens();
            completion += r.tokens().completionTokens();
            discount = discount.add(r.charge().discount());
            total = total.add(r.charge().total());
        }
    }
}

package dev.moeserve.infrastructure.persistence;

import dev.moeserve.application.port.out.PriceBook;
import dev.moeserve.domain.pricing.OffPeakWindow;
import dev.moeserve.domain.pricing.PriceTier;
import dev.moeserve.domain.pricing.PriceVersion;
import dev.moeserve.domain.pricing.Promotion;
import dev.moeserve.domain.pricing.PromotionScope;
import dev.moeserve.domain.pricing.PromotionWindow;
import dev.moeserve.domain.pricing.TokenClass;
import dev.moeserve.domain.pricing.TokenPrices;

import javax.sql.DataSource;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Currency;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Price tiers and promotions in PostgreSQL. Tiers are versioned and never edited: a price change is a
 * new version effective from now or later, so a request is always priced by the version in force
 * when it started and recorded charges are never re-priced.
 */
public final class PostgresPriceBook implements PriceBook {
    private static final String TIER_COLUMNS = "id, model, version, currency, input_cache_hit, input_cache_miss, output, effective_from";
    private static final String PROMOTION_COLUMNS = """
            id, name, percent_off, token_classes, models, tenants, plans, starts_at, ends_at, stackable,
            off_peak_days, off_peak_start, off_peak_end, off_peak_zone""";

    private final DataSource dataSource;

    public PostgresPriceBook(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public Optional<PriceTier> tierInForce(String model, Instant at) {
        try (Connection c = dataSource.getConnection(); PreparedStatement st = c.prepareStatement("select " + TIER_COLUMNS
                + " from price_tier where model = ? and effective_from <= ? order by effective_from desc, version desc limit 1")) {
            st.setString(1, model);
            st.setTimestamp(2, Timestamp.from(at));
            try (ResultSet rs = st.executeQuery()) {
                return rs.next() ? Optional.of(tier(rs).tier()) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new PersistenceException("could not read the price of " + model, e);
        }
    }

    @Override
    public List<PriceVersion> history(String model) {
        try (Connection c = dataSource.getConnection(); PreparedStatement st = c.prepareStatement(
                "select " + TIER_COLUMNS + " from price_tier where model = ? order by version desc")) {
            st.setString(1, model);
            List<PriceVersion> out = new ArrayList<>();
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    out.add(tier(rs));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new PersistenceException("could not read the price history of " + model, e);
        }
    }

    @Override
    public Set<String> pricedModels() {
        try (Connection c = dataSource.getConnection(); PreparedStatement st = c.prepareStatement("select distinct model from price_tier");
             ResultSet rs = st.executeQuery()) {
            Set<String> out = new java.util.TreeSet<>();
            while (rs.next()) {
                out.add(rs.getString(1));
            }
            return out;
        } catch (SQLException e) {
            throw new PersistenceException("could not list priced models", e);
        }
    }

    @Override
    public PriceVersion addTier(String model, Currency currency, TokenPrices prices, Instant effectiveFrom, Instant now) {
        if (effectiveFrom.isBefore(now)) {
            throw new IllegalArgumentException("effective_from " + effectiveFrom + " is in the past: prices already charged are never re-priced");
        }
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                try (PreparedStatement st = c.prepareStatement("select pg_advisory_xact_lock(hashtext('price_tier:' || ?))")) {
                    st.setString(1, model);
                    st.execute();
                }
                int version = 1;
                try (PreparedStatement st = c.prepareStatement(
                        "select version, effective_from from price_tier where model = ? order by version desc limit 1")) {
                    st.setString(1, model);
                    try (ResultSet rs = st.executeQuery()) {
                        if (rs.next()) {
                            version = rs.getInt(1) + 1;
                            Instant latest = rs.getTimestamp(2).toInstant();
                            if (!effectiveFrom.isAfter(latest)) {
                                throw new IllegalArgumentException("effective_from " + effectiveFrom
                                        + " must be after the latest version's " + latest);
                            }
                        }
                    }
                }
                UUID id = UUID.randomUUID();
                try (PreparedStatement st = c.prepareStatement("insert into price_tier (" + TIER_COLUMNS
                        + ") values (?, ?, ?, ?, ?, ?, ?, ?)")) {
                    st.setObject(1, id);
                    st.setString(2, model);
                    st.setInt(3, version);
                    st.setString(4, currency.getCurrencyCode());
                    st.setBigDecimal(5, prices.inputCacheHit());
                    st.setBigDecimal(6, prices.inputCacheMiss());
                    st.setBigDecimal(7, prices.output());
                    st.setTimestamp(8, Timestamp.from(effectiveFrom));
                    st.executeUpdate();
                }
                c.commit();
                return new PriceVersion(new PriceTier(model, id.toString(), effectiveFrom, currency, prices), version);
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new PersistenceException("could not add a price tier for " + model, e);
        }
    }

    @Override
    public List<Promotion> promotionsAt(Instant at) {
        return promotions("where starts_at <= ? and (ends_at is null or ends_at > ?)", at, at);
    }

    @Override
    public List<Promotion> allPromotions() {
        return promotions("order by created_at desc, id");
    }

    @Override
    public Optional<Promotion> promotion(String id) {
        return uuid(id).flatMap(uuid -> promotions("where id = ?", uuid).stream().findFirst());
    }

    @Override
    public Promotion addPromotion(PromotionSpec spec) {
        UUID id = UUID.randomUUID();
        try (Connection c = dataSource.getConnection(); PreparedStatement st = c.prepareStatement("insert into promotion ("
                + PROMOTION_COLUMNS + ") values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            st.setObject(1, id);
            st.setString(2, spec.name());
            st.setBigDecimal(3, spec.percentOff());
            st.setArray(4, c.createArrayOf("text", spec.tokenClasses().stream().map(TokenClass::wireName).sorted().toArray()));
            st.setArray(5, c.createArrayOf("text", spec.models().toArray()));
            st.setArray(6, c.createArrayOf("text", spec.tenants().toArray()));
            st.setArray(7, c.createArrayOf("text", spec.plans().toArray()));
            st.setTimestamp(8, Timestamp.from(spec.startsAt()));
            st.setTimestamp(9, spec.endsAt().map(Timestamp::from).orElse(null));
            st.setBoolean(10, spec.stackable());
            OffPeakWindow w = spec.offPeak().orElse(null);
            st.setArray(11, w == null ? null : c.createArrayOf("text", w.days().stream().map(DayOfWeek::name).sorted().toArray()));
            st.setObject(12, w == null ? null : w.start());
            st.setObject(13, w == null ? null : w.end());
            st.setString(14, w == null ? null : w.zone().getId());
            st.executeUpdate();
        } catch (SQLException e) {
            throw new PersistenceException("could not add promotion '" + spec.name() + "'", e);
        }
        return promotion(id.toString()).orElseThrow();
    }

    @Override
    public boolean endPromotion(String promotionId, Instant now) {
        Optional<UUID> id = uuid(promotionId);
        if (id.isEmpty()) {
            return false;
        }
        try (Connection c = dataSource.getConnection(); PreparedStatement st = c.prepareStatement("""
                update promotion set ends_at = case when ends_at is null or ends_at > ? then greatest(?, starts_at + interval '1 microsecond') else ends_at end
                where id = ?""")) {
            st.setTimestamp(1, Timestamp.from(now));
            st.setTimestamp(2, Timestamp.from(now));
            st.setObject(3, id.get());
            return st.executeUpdate() == 1;
        } catch (SQLException e) {
            throw new PersistenceException("could not end promotion " + id, e);
        }
    }

    private List<Promotion> promotions(String where, Object... params) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement st = c.prepareStatement("select " + PROMOTION_COLUMNS + " from promotion " + where)) {
            for (int i = 0; i < params.length; i++) {
                st.setObject(i + 1, params[i] instanceof Instant in ? Timestamp.from(in) : params[i]);
            }
            List<Promotion> out = new ArrayList<>();
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    out.add(promotion(rs));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new PersistenceException("could not read promotions", e);
        }
    }

    private static PriceVersion tier(ResultSet rs) throws SQLException {
        return new PriceVersion(new PriceTier(rs.getString("model"), rs.getObject("id", UUID.class).toString(),
                rs.getTimestamp("effective_from").toInstant(), Currency.getInstance(rs.getString("currency").strip()),
                new TokenPrices(rs.getBigDecimal("input_cache_hit"), rs.getBigDecimal("input_cache_miss"),
                        rs.getBigDecimal("output"))), rs.getInt("version"));
    }

    private static Promotion promotion(ResultSet rs) throws SQLException {
        Timestamp ends = rs.getTimestamp("ends_at");
        Instant start = rs.getTimestamp("starts_at").toInstant();
        PromotionWindow window = ends == null ? PromotionWindow.from(start) : PromotionWindow.between(start, ends.toInstant());
        TokenClass[] classes = strings(rs.getArray("token_classes")).stream().map(TokenClass::fromWireName).toArray(TokenClass[]::new);
        Promotion p = Promotion.percentOff(rs.getObject("id", UUID.class).toString(), rs.getString("name"),
                        rs.getBigDecimal("percent_off").stripTrailingZeros().toPlainString(), window, classes)
                .scopedTo(new PromotionScope(Set.copyOf(strings(rs.getArray("models"))),
                        Set.copyOf(strings(rs.getArray("tenants"))), Set.copyOf(strings(rs.getArray("plans")))));
        if (rs.getBoolean("stackable")) {
            p = p.asStackable();
        }
        Array days = rs.getArray("off_peak_days");
        if (days != null) {
            Set<DayOfWeek> dows = strings(days).stream().map(d -> DayOfWeek.valueOf(d.toUpperCase(Locale.ROOT)))
                    .collect(Collectors.toSet());
            p = p.duringOffPeak(OffPeakWindow.on(dows, rs.getObject("off_peak_start", LocalTime.class),
                    rs.getObject("off_peak_end", LocalTime.class), ZoneId.of(rs.getString("off_peak_zone"))));
        }
        return p;
    }

    /** Promotion ids are UUIDs; any other text names no promotion. */
    private static Optional<UUID> uuid(String id) {
        try {
            return Optional.of(UUID.fromString(id));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static List<String> strings(Array array) throws SQLException {
        return array == null ? List.of() : Arrays.asList((String[]) array.getArray());
    }
}

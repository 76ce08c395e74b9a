package dev.moeserve.infrastructure.persistence;

import dev.moeserve.application.port.out.UsageFilter;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** A {@code where} clause over the ledger or the rollup, built from a {@link UsageFilter}, with its bound values. */
final class UsageConditions {
    private final List<String> clauses = new ArrayList<>();
    private final List<Object> values = new ArrayList<>();

    static UsageConditions of(UsageFilter filter) {
        UsageConditions where = new UsageConditions();
        filter.tenant().ifPresent(t -> where.add("tenant_id = ?", t.value()));
        filter.model().ifPresent(m -> where.add("model = ?", m));
        filter.backend().ifPresent(b -> where.add("backend = ?", b));
        return where;
    }

    UsageConditions add(String clause, Object value) {
        clauses.add(clause);
        values.add(value instanceof Instant instant ? Timestamp.from(instant) : value);
        return this;
    }

    String sql() {
        return clauses.isEmpty() ? "" : " where " + String.join(" and ", clauses);
    }

    /** Binds the values from parameter 1 on; returns the next free parameter index. */
    int bind(PreparedStatement st) throws SQLException {
        return bind(st, 1);
    }

    /** Binds the values from parameter {@code first} on; returns the next free parameter index. */
    int bind(PreparedStatement st, int first) throws SQLException {
        int i = first;
        for (Object value : values) {
            st.setObject(i++, value);
        }
        return i;
    }
}

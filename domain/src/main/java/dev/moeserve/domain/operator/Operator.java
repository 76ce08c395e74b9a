package dev.moeserve.domain.operator;

import java.util.Objects;

/**
 * A person or script authenticated on the admin API with an operator token, and its role.
 *
 * @param address the client address the request came from, as the edge saw it; null when not known
 *                (a command run on the server itself), so the audit log can say where a change came from
 */
public record Operator(String name, OperatorRole role, String address) {
    public Operator {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(role, "role");
    }

    public Operator(String name, OperatorRole role) {
        this(name, role, null);
    }

    /** The same operator, acting from {@code address}. */
    public Operator from(String address) {
        return new Operator(name, role, address);
    }
}

package dev.moeserve.domain.operator;

import java.util.Objects;

/** A person or script authenticated on the admin API with an operator token, and its role. */
public record Operator(String name, OperatorRole role) {
    public Operator {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(role, "role");
    }
}

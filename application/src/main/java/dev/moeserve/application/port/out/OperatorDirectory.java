package dev.moeserve.application.port.out;

import dev.moeserve.domain.operator.Operator;

import java.util.Optional;

/** Outbound port: the operators of the admin API, whose tokens are stored as hashes only. */
public interface OperatorDirectory {
    /** The operator holding a valid (not revoked) token with this SHA-256 hash. */
    Optional<Operator> findByTokenHash(String tokenHash);
}

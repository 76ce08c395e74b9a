package dev.moeserve.domain.model;

import dev.moeserve.domain.compute.Tensor;

/**
 * The gate's decision for every token: which experts, and how much each contributes.
 *
 * @param weights   [T, num_experts_per_tok] F32
 * @param expertIds [T, num_experts_per_tok] I32, best first
 */
public record Routing(Tensor weights, Tensor expertIds) {
}

package dev.moeserve.domain.model;

import dev.moeserve.domain.compute.Tensor;

/** The feed-forward half of a block: a dense MLP or a mixture of experts. */
sealed interface FeedForward permits Expert, Moe {

    /**
     * @param x   [T, hidden] normalized input
     * @param out [T, hidden] result
     */
    void forward(Tensor x, Workspace workspace, Tensor out);
}

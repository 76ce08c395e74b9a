package dev.moeserve.domain.model;

/** How MLA attends over the latent cache; both compute the same function. */
public enum AttentionMode {
    /** Expand per-head keys and values from the cached latents through {@code kv_b_proj}, then attend. */
    NAIVE,
    /** Fold {@code kv_b_proj} into the query and output sides and attend over the latents directly. */
    ABSORBED;

    /** Bytes of expanded keys and values above which a multi-token pass attends absorbed after all. */
    static final long NAIVE_EXPANSION_LIMIT = 256L * 1024 * 1024;

    /**
     * The default for a pass of {@code tokens} new tokens over {@code keys} cached ones: absorbed for
     * single-token decode, where it reads the least; naive for a prefill, where expanding the keys once
     * is cheaper than attending over the wide latent, unless that expansion would take too much memory.
     */
    static AttentionMode defaultFor(int tokens, int keys, ModelConfig config) {
        if (tokens == 1) {
            return ABSORBED;
        }
        long expandedBytes = (long) keys * config.numAttentionHeads()
                * (config.qkNopeHeadDim() + config.vHeadDim()) * Float.BYTES;
        return expandedBytes <= NAIVE_EXPANSION_LIMIT ? NAIVE : ABSORBED;
    }
}

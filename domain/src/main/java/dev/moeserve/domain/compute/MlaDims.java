package dev.moeserve.domain.compute;

/**
 * The head layout of Multi-head Latent Attention, as the attention ops need it.
 *
 * @param heads         attention heads
 * @param qkNopeHeadDim per-head query/key width without rotary embedding
 * @param qkRopeHeadDim per-head query width with rotary embedding; also the width of the one shared rotary key
 * @param vHeadDim      per-head value width
 * @param kvLoraRank    width of the compressed key/value latent
 */
public record MlaDims(int heads, int qkNopeHeadDim, int qkRopeHeadDim, int vHeadDim, int kvLoraRank) {
    public MlaDims {
        if (heads <= 0 || qkNopeHeadDim <= 0 || qkRopeHeadDim <= 0 || vHeadDim <= 0 || kvLoraRank <= 0) {
            throw new IllegalArgumentException("MLA dimensions must be positive: " + heads + ", " + qkNopeHeadDim
                    + ", " + qkRopeHeadDim + ", " + vHeadDim + ", " + kvLoraRank);
        }
        if (qkRopeHeadDim % 2 != 0) {
            throw new IllegalArgumentException("qk_rope_head_dim must be even, got " + qkRopeHeadDim);
        }
    }

    /** Per-head query/key width: nope then rope. */
    public int qkHeadDim() {
        return qkNopeHeadDim + qkRopeHeadDim;
    }

    /** Values cached per token: the latent then the shared rotary key. */
    public int latentWidth() {
        return kvLoraRank + qkRopeHeadDim;
    }

    /** Rows of {@code kv_b_proj} per head: key nope part then value. */
    public int kvBRowsPerHead() {
        return qkNopeHeadDim + vHeadDim;
    }
}

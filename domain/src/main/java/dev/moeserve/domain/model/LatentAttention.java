package dev.moeserve.domain.model;

import dev.moeserve.domain.compute.Tensor;

/**
 * Causal attention of MLA queries over a layer's latent cache. The two implementations compute the same
 * function and differ only in where {@code kv_b_proj} is applied.
 */
sealed interface LatentAttention permits AbsorbedAttention, NaiveAttention {

    /**
     * @param q       [T, heads * qk_head_dim], rotary part already rotated
     * @param kvBProj [heads * (qk_nope_head_dim + v_head_dim), kv_lora_rank]
     * @param cache   [capacity, kv_lora_rank + qk_rope_head_dim], holding tokens 0 .. startPos+T-1
     * @param out     [T, heads * v_head_dim]
     */
    void attend(Tensor q, Tensor kvBProj, Tensor cache, int startPos, Tensor out);
}

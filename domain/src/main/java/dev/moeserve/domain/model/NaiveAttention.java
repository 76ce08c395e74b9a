package dev.moeserve.domain.model;

import dev.moeserve.domain.compute.ComputeBackend;
import dev.moeserve.domain.compute.DType;
import dev.moeserve.domain.compute.MlaDims;
import dev.moeserve.domain.compute.Tensor;

/**
 * MLA as the paper writes it: expand every cached latent into per-head keys and values through
 * {@code kv_b_proj}, then attend. The expansion is sized by the sequence so far and is not kept.
 */
final class NaiveAttention implements LatentAttention {
    private final ComputeBackend backend;
    private final MlaDims dims;
    private final float scale;

    NaiveAttention(ComputeBackend backend, MlaDims dims, float scale) {
        this.backend = backend;
        this.dims = dims;
        this.scale = scale;
    }

    @Override
    public void attend(Tensor q, Tensor kvBProj, Tensor cache, int startPos, Tensor out) {
        int keys = startPos + q.shape().dim(0);
        Tensor latent = backend.allocate(DType.F32, keys, dims.kvLoraRank());                        // [keys, kv_lora_rank]
        Tensor ropeKeys = backend.allocate(DType.F32, keys, dims.qkRopeHeadDim());                   // [keys, rope]
        Tensor kv = backend.allocate(DType.F32, keys, dims.heads() * dims.kvBRowsPerHead());         // [keys, heads * (nope + v)]
        try {
            backend.latentCacheRead(cache, keys, latent, ropeKeys);
            backend.linear(latent, kvBProj, kv);
            backend.expandedAttention(q, kv, ropeKeys, startPos, dims, scale, out);
        } finally {
            backend.free(latent);
            backend.free(ropeKeys);
            backend.free(kv);
        }
    }
}

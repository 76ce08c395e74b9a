package dev.moeserve.domain.model;

import dev.moeserve.domain.compute.ComputeBackend;
import dev.moeserve.domain.compute.MlaDims;
import dev.moeserve.domain.compute.Tensor;

/**
 * Weight-absorbed MLA: the key half of {@code kv_b_proj} is folded into each query and the value half
 * into the output, so attention runs over the cached latents without expanding them per head.
 */
final class AbsorbedAttention implements LatentAttention {
    private final ComputeBackend backend;
    private final MlaDims dims;
    private final float scale;

    AbsorbedAttention(ComputeBackend backend, MlaDims dims, float scale) {
        this.backend = backend;
        this.dims = dims;
        this.scale = scale;
    }

    @Override
    public void attend(Tensor q, Tensor kvBProj, Tensor cache, int startPos, Tensor out) {
        backend.mlaAttention(q, kvBProj, cache, startPos, dims, scale, out);
    }
}

package dev.moeserve.domain.model;

import dev.moeserve.domain.compute.ComputeBackend;
import dev.moeserve.domain.compute.MlaDims;
import dev.moeserve.domain.compute.Tensor;

import java.util.List;

/**
 * Multi-head Latent Attention. Queries come through a low-rank pair ({@code q_a_proj}, {@code q_a_layernorm},
 * {@code q_b_proj}) or a direct {@code q_proj}, per head {@code [nope | rope]}. Keys and values are
 * compressed by {@code kv_a_proj_with_mqa} into a latent ({@code kv_lora_rank}, normalized by
 * {@code kv_a_layernorm}) plus one rotary key shared by all heads; only those go into the cache, and
 * {@code kv_b_proj} turns a latent into per-head {@code [k_nope | v]}.
 */
final class Mla {
    private final ComputeBackend backend;
    private final MlaDims dims;
    private final float eps;
    private final Tensor ropeTable; // [max_position_embeddings, qk_rope_head_dim] cos/sin
    private final Tensor qAProj;    // [q_lora_rank, hidden]; null with a direct q_proj
    private final Tensor qANorm;    // [q_lora_rank]; null with a direct q_proj
    private final Tensor qBProj;    // [heads * qk_head_dim, q_lora_rank]; null with a direct q_proj
    private final Tensor qProj;     // [heads * qk_head_dim, hidden]; null with q_lora
    private final Tensor kvAProj;   // [kv_lora_rank + qk_rope_head_dim, hidden]
    private final Tensor kvANorm;   // [kv_lora_rank]
    private final Tensor kvBProj;   // [heads * (qk_nope_head_dim + v_head_dim), kv_lora_rank]
    private final Tensor oProj;     // [hidden, heads * v_head_dim]
    private final LatentAttention naive;
    private final LatentAttention absorbed;
    private final float absorbedScale;

    private Mla(ComputeBackend backend, ModelConfig config, RotaryTables rotary, Tensor ropeTable, Tensor qAProj,
                Tensor qANorm, Tensor qBProj, Tensor qProj, Tensor kvAProj, Tensor kvANorm, Tensor kvBProj, Tensor oProj) {
        this.backend = backend;
        this.dims = config.mlaDims();
        this.eps = (float) config.rmsNormEps();
        this.ropeTable = ropeTable;
        this.qAProj = qAProj;
        this.qANorm = qANorm;
        this.qBProj = qBProj;
        this.qProj = qProj;
        this.kvAProj = kvAProj;
        this.kvANorm = kvANorm;
        this.kvBProj = kvBProj;
        this.oProj = oProj;
        this.naive = new NaiveAttention(backend, dims, rotary.attentionScale());
        this.absorbed = new AbsorbedAttention(backend, dims, rotary.attentionScale());
        this.absorbedScale = rotary.attentionScale();
    }

    static Mla load(WeightLoader weights, ComputeBackend backend, ModelConfig config, RotaryTables rotary,
                    Tensor ropeTable, String prefix) {
        int hidden = config.hiddenSize();
        int heads = config.numAttentionHeads();
        int qOut = heads * config.qkHeadDim();
        Tensor qA = null;
        Tensor qANorm = null;
        Tensor qB = null;
        Tensor q = null;
        if (config.hasQLora()) {
            qA = weights.load(prefix + "q_a_proj.weight", config.qLoraRank(), hidden);
            qANorm = weights.load(prefix + "q_a_layernorm.weight", config.qLoraRank());
            qB = weights.load(prefix + "q_b_proj.weight", qOut, config.qLoraRank());
        } else {
            q = weights.load(prefix + "q_proj.weight", qOut, hidden);
        }
        Tensor kvA = weights.load(prefix + "kv_a_proj_with_mqa.weight", config.latentWidth(), hidden);
        Tensor kvANorm = weights.load(prefix + "kv_a_layernorm.weight", config.kvLoraRank());
        Tensor kvB = weights.load(prefix + "kv_b_proj.weight",
                heads * (config.qkNopeHeadDim() + config.vHeadDim()), config.kvLoraRank());
        Tensor o = weights.load(prefix + "o_proj.weight", hidden, heads * config.vHeadDim());
        return new Mla(backend, config, rotary, ropeTable, qA, qANorm, qB, q, kvA, kvANorm, kvB, o);
    }

    /**
     * Attention of tokens at positions {@code startPos .. startPos+T-1}; appends them to the layer's cache.
     *
     * @param x     [T, hidden] normalized input
     * @param cache [capacity, kv_lora_rank + qk_rope_head_dim] this layer's latent cache
     * @param out   [T, hidden]
     */
    void forward(Tensor x, int startPos, Tensor cache, AttentionMode mode, Workspace ws, Tensor out) {
        Tensor q = query(x, ws);
        backend.rope(q, ropeTable, startPos, dims.heads(), dims.qkHeadDim(), dims.qkNopeHeadDim());

        Tensor kvA = ws.f32("mla.kv_a", dims.latentWidth()); // [T, kv_lora_rank + rope]
        backend.linear(x, kvAProj, kvA);
        backend.latentCacheWrite(kvA, kvANorm, eps, ropeTable, startPos, cache);

        Tensor attended = ws.f32("mla.attended", dims.heads() * dims.vHeadDim()); // [T, heads * v_head_dim]
        (mode == AttentionMode.ABSORBED ? absorbed : naive).attend(q, kvBProj, cache, startPos, attended);
        backend.linear(attended, oProj, out);
    }

    /**
     * One new token of each of several sequences (a batched decode step), attending absorbed: row b is at
     * {@code positions[b]} and appends to {@code caches.get(b)}.
     *
     * @param x      [B, hidden] normalized input
     * @param caches B layer caches, each [capacity, kv_lora_rank + qk_rope_head_dim]
     * @param out    [B, hidden]
     */
    void forwardBatch(Tensor x, int[] positions, List<Tensor> caches, Workspace ws, Tensor out) {
        Tensor q = query(x, ws);
        backend.rope(q, ropeTable, positions, dims.heads(), dims.qkHeadDim(), dims.qkNopeHeadDim());

        Tensor kvA = ws.f32("mla.kv_a", dims.latentWidth()); // [B, kv_lora_rank + rope]
        backend.linear(x, kvAProj, kvA);
        backend.latentCacheWrite(kvA, kvANorm, eps, ropeTable, positions, caches);

        Tensor attended = ws.f32("mla.attended", dims.heads() * dims.vHeadDim()); // [B, heads * v_head_dim]
        backend.mlaAttention(q, kvBProj, caches, positions, dims, absorbedScale, attended);
        backend.linear(attended, oProj, out);
    }

    /** The queries of every row: [T, heads * qk_head_dim], before rotary embedding. */
    private Tensor query(Tensor x, Workspace ws) {
        Tensor q = ws.f32("mla.q", dims.heads() * dims.qkHeadDim()); // [T, heads * qk_head_dim]
        if (qProj != null) {
            backend.linear(x, qProj, q);
        } else {
            Tensor qLatent = ws.f32("mla.q_a", qAProj.shape().dim(0)); // [T, q_lora_rank]
            backend.linear(x, qAProj, qLatent);
            backend.rmsNorm(qLatent, qANorm, eps, qLatent);
            backend.linear(qLatent, qBProj, q);
        }
        return q;
    }
}

package dev.moeserve.domain.model;

import dev.moeserve.domain.compute.ComputeBackend;
import dev.moeserve.domain.compute.Tensor;

import java.util.List;

/** One transformer layer: {@code h += attn(norm(h)); h += ffn(norm(h))}. */
final class Block {
    private final ComputeBackend backend;
    private final float eps;
    private final int hidden;
    private final Tensor attentionNorm; // [hidden] input_layernorm
    private final Mla attention;
    private final Tensor ffnNorm;       // [hidden] post_attention_layernorm
    private final FeedForward ffn;      // dense MLP or MoE

    private Block(ComputeBackend backend, ModelConfig config, Tensor attentionNorm, Mla attention, Tensor ffnNorm,
                  FeedForward ffn) {
        this.backend = backend;
        this.eps = (float) config.rmsNormEps();
        this.hidden = config.hiddenSize();
        this.attentionNorm = attentionNorm;
        this.attention = attention;
        this.ffnNorm = ffnNorm;
        this.ffn = ffn;
    }

    static Block load(WeightLoader weights, ComputeBackend backend, ModelConfig config, RotaryTables rotary,
                      Tensor ropeTable, int layer) {
        String prefix = "model.layers." + layer + ".";
        int hidden = config.hiddenSize();
        Tensor attentionNorm = weights.load(prefix + "input_layernorm.weight", hidden);
        Mla attention = Mla.load(weights, backend, config, rotary, ropeTable, prefix + "self_attn.");
        Tensor ffnNorm = weights.load(prefix + "post_attention_layernorm.weight", hidden);
        FeedForward ffn = config.isMoeLayer(layer)
                ? Moe.load(weights, backend, config, prefix + "mlp.")
                : Expert.load(weights, backend, prefix + "mlp.", hidden, config.intermediateSize());
        return new Block(backend, config, attentionNorm, attention, ffnNorm, ffn);
    }

    /**
     * @param h     [T, hidden] residual stream, updated in place
     * @param cache [capacity, kv_lora_rank + qk_rope_head_dim] this layer's latent cache
     */
    void forward(Tensor h, int startPos, Tensor cache, AttentionMode mode, Workspace ws) {
        Tensor normed = ws.f32("block.normed", hidden); // [T, hidden]
        Tensor delta = ws.f32("block.delta", hidden);   // [T, hidden]
        backend.rmsNorm(h, attentionNorm, eps, normed);
        attention.forward(normed, startPos, cache, mode, ws, delta);
        backend.add(h, delta, h);
        feedForward(h, normed, delta, ws);
    }

    /**
     * One new token of each of several sequences (a batched decode step).
     *
     * @param h      [B, hidden] residual stream, updated in place; row b belongs to sequence b
     * @param caches B caches of this layer, one per sequence
     */
    void forwardBatch(Tensor h, int[] positions, List<Tensor> caches, Workspace ws) {
        Tensor normed = ws.f32("block.normed", hidden); // [B, hidden]
        Tensor delta = ws.f32("block.delta", hidden);   // [B, hidden]
        backend.rmsNorm(h, attentionNorm, eps, normed);
        attention.forwardBatch(normed, positions, caches, ws, delta);
        backend.add(h, delta, h);
        feedForward(h, normed, delta, ws);
    }

    /** {@code h += ffn(norm(h))}; the rows are independent, so batched and single passes share it. */
    private void feedForward(Tensor h, Tensor normed, Tensor delta, Workspace ws) {
        backend.rmsNorm(h, ffnNorm, eps, normed);
        ffn.forward(normed, ws, delta);
        backend.add(h, delta, h);
    }
}
